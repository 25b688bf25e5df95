/** History blocks for tests, as large as asked: `series` users × `samples` polls. */
import { TOTAL_METRICS, USAGE_METRICS, type HistoryBlock } from '../../protocol/history.ts';

export function historyBlock(cluster: string, series: number, samples: number, start = 1_795_000_000): HistoryBlock {
  const times = Array.from({ length: samples }, (_, i) => start + i * 60);
  return {
    cluster,
    step: 60,
    times,
    totals: Object.fromEntries(TOTAL_METRICS.map((m) => [m, times.map((_, i) => i % 1000)])) as HistoryBlock['totals'],
    series: Array.from({ length: series }, (_, k) => ({
      dimension: 'user' as const,
      name: `user${String(k).padStart(4, '0')}`,
      at: times.map((_, i) => i),
      values: Object.fromEntries(USAGE_METRICS.map((m) => [m, times.map((_, i) => (i * 7 + k) % 500)])) as HistoryBlock['series'][0]['values'],
    })),
  };
}
