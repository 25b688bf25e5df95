/**
 * The part of a history block after a time: what a client that already holds samples up to
 * `since` lacks. Lets the store build a cluster's history once and hand every client its tail.
 */
import { TOTAL_METRICS, USAGE_METRICS, type HistoryBlock, type HistorySeries, type TotalMetric, type UsageMetric } from '../../protocol/history.ts';

/** First index of a sorted array whose value is above (or at least, with `inclusive`) `bound`. */
function firstIndex(sorted: readonly number[], bound: number, inclusive: boolean): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (inclusive ? sorted[middle]! < bound : sorted[middle]! <= bound) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Samples with time > since; the block itself when all are, null when none are. */
export function blockAfter(block: HistoryBlock, since: number): HistoryBlock | null {
  const start = firstIndex(block.times, since, false);
  if (start === 0) return block;
  if (start === block.times.length) return null;
  const totals = Object.fromEntries(TOTAL_METRICS.map((metric) => [metric, block.totals[metric].slice(start)])) as Record<TotalMetric, number[]>;
  const series: HistorySeries[] = [];
  for (const whole of block.series) {
    const k = firstIndex(whole.at, start, true);
    if (k === whole.at.length) continue;
    series.push({
      dimension: whole.dimension,
      name: whole.name,
      at: whole.at.slice(k).map((at) => at - start),
      values: Object.fromEntries(USAGE_METRICS.map((metric) => [metric, whole.values[metric].slice(k)])) as Record<UsageMetric, number[]>,
    });
  }
  return { cluster: block.cluster, step: block.step, times: block.times.slice(start), totals, series };
}
