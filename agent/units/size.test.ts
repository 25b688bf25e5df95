import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSize } from './size.ts';

test('PBS sizes are binary, lower case, with b and w units', () => {
  assert.equal(parseSize('512000kb'), 512000 * 1024);
  assert.equal(parseSize('37888mb'), 37888 * 2 ** 20);
  assert.equal(parseSize('3gb'), 3 * 2 ** 30);
  assert.equal(parseSize('1tb'), 2 ** 40);
  assert.equal(parseSize('524288000b'), 524288000);
  assert.equal(parseSize('0b'), 0);
  assert.equal(parseSize('524288000'), 524288000);
  assert.equal(parseSize('2kw'), 2 * 1024 * 8);
});

test('Moab and Slurm upper-case units', () => {
  assert.equal(parseSize('6144M'), 6144 * 2 ** 20);
  assert.equal(parseSize('62.50G'), Math.round(62.5 * 2 ** 30));
  assert.equal(parseSize('16GB'), 16 * 2 ** 30);
});

test('what is not a size is null', () => {
  for (const text of ['', '--', '%(maxmem)s', 'kb', '12 apples', '-5kb']) assert.equal(parseSize(text), null, text);
});
