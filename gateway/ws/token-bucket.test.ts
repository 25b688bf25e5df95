import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { takeToken, type BucketState } from './token-bucket.ts';

describe('takeToken', () => {
  const limit = { burst: 3, perSecond: 2 };

  it('allows a burst, then refills at the rate, never above the burst', () => {
    const state: BucketState = { milliTokens: 3000, updatedAtMs: 0 };
    assert.deepEqual([1, 2, 3, 4].map(() => takeToken(state, limit, 0)), [true, true, true, false]);
    assert.equal(takeToken(state, limit, 499), false, 'less than one token after 0.499 s');
    assert.equal(takeToken(state, limit, 500), true, 'one token after 0.5 s at 2 per second');
    assert.equal(takeToken(state, limit, 60_000.7), true);
    assert.equal(state.milliTokens, 2000, 'an hour of idling refills to the burst, not beyond');
  });

  it('keeps whole numbers whatever the clock', () => {
    const state: BucketState = { milliTokens: 3000, updatedAtMs: 12 };
    takeToken(state, { burst: 3, perSecond: 0.7 }, 1234.5678);
    assert.ok(Number.isInteger(state.milliTokens) && Number.isInteger(state.updatedAtMs));
  });
});
