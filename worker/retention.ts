/**
 * How much history the browser keeps, and how it thins (the gateway keeps more; a browser only
 * needs what its charts show). Per-poll samples for 48 hours; older ones become 5-minute means;
 * nothing older than 30 days; and never more than `maxSamplesPerCluster` sample times per
 * cluster whatever the poll interval (at a 15 s poll 48 h is 11,520 samples, 30 days of 5-minute
 * means 8,640), so one cluster costs a bounded few MB of memory and of IndexedDB.
 */
import { USAGE_METRICS, type UsageMetric } from '../protocol/history.ts';
import type { SampleTotals } from './samples.ts';
import { countPacked, emptyUsageColumns, unpackValues, unpackIds, type UsageColumns } from './usage-packing.ts';

export const RETENTION = {
  rawSeconds: 48 * 3600,
  rollupSeconds: 300,
  keepSeconds: 30 * 86400,
  maxSamplesPerCluster: 25_000,
} as const;

export interface RawSample {
  time: number;
  totals: SampleTotals;
  /** Usage rows as stored: a dimension code and the packed columns (names, then USAGE_METRICS). */
  usage: { dimension: number; blobs: Uint8Array[] }[];
}

export interface RolledSample {
  time: number;
  totals: SampleTotals;
  usage: Map<number, UsageColumns>;
}

/**
 * Means per 5-minute bucket: each total and each name's metrics averaged over the cluster samples
 * in the bucket, a name absent from a sample counting as zero there (as in a history block).
 */
export function rollUp(raw: readonly RawSample[]): RolledSample[] {
  const buckets = new Map<number, RawSample[]>();
  for (const sample of raw) {
    const start = Math.floor(sample.time / RETENTION.rollupSeconds) * RETENTION.rollupSeconds;
    let list = buckets.get(start);
    if (!list) buckets.set(start, (list = []));
    list.push(sample);
  }
  const rolled: RolledSample[] = [];
  for (const [time, samples] of buckets) {
    const n = samples.length;
    const totals = {} as SampleTotals;
    for (const key of Object.keys(samples[0]!.totals) as (keyof SampleTotals)[]) {
      let sum = 0;
      for (const sample of samples) sum += sample.totals[key];
      totals[key] = sum / n;
    }
    const sums = new Map<number, Map<number, Float64Array>>();
    for (const sample of samples) {
      for (const { dimension, blobs } of sample.usage) {
        let byName = sums.get(dimension);
        if (!byName) sums.set(dimension, (byName = new Map()));
        const count = countPacked(blobs[0]!);
        const ids = unpackIds(blobs[0]!, count);
        const column = new Float64Array(count);
        USAGE_METRICS.forEach((_metric, m) => {
          unpackValues(blobs[m + 1]!, column);
          ids.forEach((id, k) => {
            let values = byName!.get(id);
            if (!values) byName!.set(id, (values = new Float64Array(USAGE_METRICS.length)));
            values[m]! += column[k]!;
          });
        });
      }
    }
    const usage = new Map<number, UsageColumns>();
    for (const [dimension, byName] of sums) {
      const columns = emptyUsageColumns();
      for (const [id, values] of byName) {
        columns.nameIds.push(id);
        USAGE_METRICS.forEach((metric: UsageMetric, m) => columns.values[metric].push(Math.round((values[m]! / n) * 100) / 100));
      }
      usage.set(dimension, columns);
    }
    rolled.push({ time, totals, usage });
  }
  return rolled;
}
