import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MINIMUM_INTERVAL_SECONDS } from '../service/collection-budget.ts';
import { intervalFloor, TEST_INTERVAL_FLOOR_VARIABLE } from './interval-floor.ts';

test('the interval floor is 15 s unless the test variable gives whole seconds from 1 to 15', () => {
  assert.equal(MINIMUM_INTERVAL_SECONDS, 15);
  const floor = (value: string | undefined) => intervalFloor(value === undefined ? {} : { [TEST_INTERVAL_FLOOR_VARIABLE]: value });
  assert.equal(floor(undefined), 15);
  assert.equal(floor('2'), 2);
  assert.equal(floor('1'), 1);
  assert.equal(floor('15'), 15);
  for (const ignored of ['', '0', '0.5', '-3', '16', '600', 'fast', '2s']) assert.equal(floor(ignored), 15, ignored);
});
