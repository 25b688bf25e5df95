import assert from 'node:assert/strict';
import { test } from 'node:test';
import { delayAfterCollection, DURATION_FACTOR } from './collection-budget.ts';

test('a quick collection waits out the rest of the interval', () => {
  assert.equal(delayAfterCollection(60_000, 2_000), 58_000);
});

test('a slow collection stretches the interval to ten times its duration, start to start', () => {
  // qstat took 20 s: the next starts 200 s after this one started, so 180 s after it ended.
  assert.equal(delayAfterCollection(60_000, 20_000), 180_000);
  const duration = 12_345;
  assert.equal(delayAfterCollection(60_000, duration) + duration, DURATION_FACTOR * duration);
});

test('a collection longer than the interval never makes the next one start at once', () => {
  assert.ok(delayAfterCollection(15_000, 30_000) >= 9 * 30_000);
});
