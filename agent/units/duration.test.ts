import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMoabDuration, parsePbsDuration } from './duration.ts';

test('PBS durations have unbounded hours', () => {
  assert.equal(parsePbsDuration('01:00:00'), 3600);
  assert.equal(parsePbsDuration('4090:56:03'), 4090 * 3600 + 56 * 60 + 3);
  assert.equal(parsePbsDuration('600:00:00'), 600 * 3600);
  assert.equal(parsePbsDuration('71:59:59'), 259199);
  assert.equal(parsePbsDuration('05:30'), 330);
  assert.equal(parsePbsDuration('3600'), 3600);
  assert.equal(parsePbsDuration('10.431524'), 10);
});

test('Moab durations have days and may be negative', () => {
  assert.equal(parseMoabDuration('2:00:00:00'), 2 * 86400);
  assert.equal(parseMoabDuration('25:00:00:00'), 25 * 86400);
  assert.equal(parseMoabDuration('7:07:38:28'), 7 * 86400 + 7 * 3600 + 38 * 60 + 28);
  assert.equal(parseMoabDuration('-00:01:22'), -82);
  assert.equal(parseMoabDuration('1:00:00'), 3600);
  assert.equal(parseMoabDuration('2-01:00:00'), 2 * 86400 + 3600);
});

test('no value is null', () => {
  for (const text of ['INFINITY', '--', '', '%(maxwt)s', '1:2:3:4:5', '12:ab:00', '504:00:*']) assert.equal(parsePbsDuration(text), null, text);
  assert.equal(parsePbsDuration('1:00:00:00'), null, 'PBS has no day field');
});
