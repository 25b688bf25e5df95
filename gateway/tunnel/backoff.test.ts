import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Backoff } from './backoff.ts';

describe('Backoff', () => {
  test('the ceiling doubles from the initial delay up to the cap', () => {
    const backoff = new Backoff({ initialMs: 1000, maxMs: 300_000, random: () => 0.999_999 });
    const delays = Array.from({ length: 12 }, () => backoff.next());
    assert.deepEqual(delays, [999, 1999, 3999, 7999, 15_999, 31_999, 63_999, 127_999, 255_999, 299_999, 299_999, 299_999]);
  });

  test('full jitter: every delay lies between zero and the ceiling', () => {
    let draw = 0;
    const draws = [0, 0.5, 0.25, 0.75];
    const backoff = new Backoff({ initialMs: 100, maxMs: 10_000, random: () => draws[draw++ % draws.length]! });
    assert.deepEqual([backoff.next(), backoff.next(), backoff.next(), backoff.next()], [0, 100, 100, 600]);
    const random = new Backoff({ initialMs: 100, maxMs: 1000 });
    for (let i = 0; i < 200; i++) {
      const ceiling = random.ceilingMs;
      const delay = random.next();
      assert.ok(delay >= 0 && delay < ceiling, `${delay} outside [0, ${ceiling})`);
    }
  });

  test('reset starts again from the initial delay; many failures never overflow the cap', () => {
    const backoff = new Backoff({ initialMs: 1000, maxMs: 300_000, random: () => 0.5 });
    for (let i = 0; i < 5000; i++) backoff.next();
    assert.equal(backoff.next(), 150_000);
    backoff.reset();
    assert.equal(backoff.next(), 500);
  });
});
