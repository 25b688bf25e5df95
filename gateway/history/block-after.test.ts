import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { TOTAL_METRICS, USAGE_METRICS, type HistoryBlock } from '../../protocol/history.ts';
import { blockAfter } from './block-after.ts';

/** A block of `n` samples 60 s apart; alice is in every other sample, bob in the last one. */
function block(n: number): HistoryBlock {
  const times = Array.from({ length: n }, (_, i) => 1000 + 60 * i);
  const totals = Object.fromEntries(TOTAL_METRICS.map((metric, m) => [metric, times.map((_, i) => i * 10 + m)])) as HistoryBlock['totals'];
  const aliceAt = times.map((_, i) => i).filter((i) => i % 2 === 0);
  const values = (at: number[], base: number) => Object.fromEntries(USAGE_METRICS.map((metric, m) => [metric, at.map((i) => base + i + m / 100)])) as HistoryBlock['series'][number]['values'];
  return {
    cluster: 'hpc1',
    step: 60,
    times,
    totals,
    series: [
      { dimension: 'user', name: 'alice', at: aliceAt, values: values(aliceAt, 100) },
      { dimension: 'user', name: 'bob', at: [n - 1], values: values([n - 1], 200) },
    ],
  };
}

/** The reference: rebuild the block sample by sample, keeping times after `since`. */
function reference(whole: HistoryBlock, since: number): HistoryBlock | null {
  const keep = whole.times.map((time, i) => [time, i] as const).filter(([time]) => time > since).map(([, i]) => i);
  if (keep.length === 0) return null;
  return {
    ...whole,
    times: keep.map((i) => whole.times[i]!),
    totals: Object.fromEntries(TOTAL_METRICS.map((metric) => [metric, keep.map((i) => whole.totals[metric][i]!)])) as HistoryBlock['totals'],
    series: whole.series.flatMap((series) => {
      const ks = series.at.map((at, k) => [at, k] as const).filter(([at]) => keep.includes(at));
      if (ks.length === 0) return [];
      return [{
        ...series,
        at: ks.map(([at]) => keep.indexOf(at)),
        values: Object.fromEntries(USAGE_METRICS.map((metric) => [metric, ks.map(([, k]) => series.values[metric][k]!)])) as HistoryBlock['series'][number]['values'],
      }];
    }),
  };
}

test('the tail after any time equals the block rebuilt from the samples after it', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 900, max: 3000 }), (n, since) => {
      assert.deepEqual(blockAfter(block(n), since), reference(block(n), since));
    }),
  );
});

test('everything after: the same block; nothing after: null', () => {
  const whole = block(5);
  assert.equal(blockAfter(whole, 0), whole);
  assert.equal(blockAfter(whole, whole.times.at(-1)!), null);
});
