/**
 * How much history the browser keeps, and how it thins (the gateway keeps more; a browser only
 * needs what its charts show). Per-poll samples for 48 hours; older ones become 5-minute means;
 * nothing older than 30 days; and never more than `maxSamplesPerCluster` sample times per
 * cluster whatever the poll interval (at a 15 s poll 48 h is 11,520 samples, 30 days of 5-minute
 * means 8,640), so one cluster costs a bounded few MB of memory and of IndexedDB.
 */
import { DIMENSIONS, USAGE_METRICS, type Dimension, type UsageMetric } from '../protocol/history.ts';
import type { ClusterHistory } from './cluster-history.ts';
import { TOTAL_COLUMNS, USAGE_COLUMN, USAGE_TABLE } from './history-schema.ts';
import { SAMPLE_TOTAL_KEYS, type SampleTotals } from './samples.ts';
import { emptyUsageColumns, unpackValues, type UsageColumns } from './usage-packing.ts';

export const RETENTION = {
  rawSeconds: 48 * 3600,
  rollupSeconds: 300,
  keepSeconds: 30 * 86400,
  maxSamplesPerCluster: 25_000,
} as const;

export interface RawSample {
  time: number;
  totals: SampleTotals;
  /** Usage rows as stored: the dimension, the name ids, and the packed USAGE_METRICS columns. */
  usage: { dimension: Dimension; ids: Int32Array; blobs: Uint8Array[] }[];
}

export interface RolledSample {
  time: number;
  totals: SampleTotals;
  usage: Map<Dimension, UsageColumns>;
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
    const sums = new Map<Dimension, Map<number, Float64Array>>();
    for (const sample of samples) {
      for (const { dimension, ids, blobs } of sample.usage) {
        let byName = sums.get(dimension);
        if (!byName) sums.set(dimension, (byName = new Map()));
        const column = new Float64Array(ids.length);
        USAGE_METRICS.forEach((_metric, m) => {
          unpackValues(blobs[m]!, column);
          ids.forEach((id, k) => {
            let values = byName!.get(id);
            if (!values) byName!.set(id, (values = new Float64Array(USAGE_METRICS.length)));
            values[m]! += column[k]!;
          });
        });
      }
    }
    const usage = new Map<Dimension, UsageColumns>();
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

const USAGE_COLUMNS = USAGE_METRICS.map((metric) => USAGE_COLUMN[metric]).join(', ');

/**
 * Applies the rules to a history whose newest sample is at `newest`, inside the history's
 * transaction: per-poll samples older than `rawSeconds` become 5-minute means, samples older than
 * `keepSeconds` go, and at most `maxSamplesPerCluster` sample times stay.
 */
export function applyRetention(history: ClusterHistory, newest: number): void {
  const { rollupSeconds } = RETENTION;
  const rollBefore = Math.floor((newest - RETENTION.rawSeconds) / rollupSeconds) * rollupSeconds;
  const raw: RawSample[] = [];
  const select = history.statement(`SELECT time, ${TOTAL_COLUMNS} FROM cluster_samples WHERE time < ? AND step < ? ORDER BY time`);
  select.bind([rollBefore, rollupSeconds]);
  while (select.step()) {
    const row = select.get() as number[];
    const totals = {} as SampleTotals;
    SAMPLE_TOTAL_KEYS.forEach((key, k) => (totals[key] = row[k + 1]!));
    raw.push({ time: row[0]!, totals, usage: [] });
  }
  select.reset();
  if (raw.length > 0) {
    const byTime = new Map(raw.map((sample) => [sample.time, sample]));
    for (const dimension of DIMENSIONS) {
      const usage = history.statement(`SELECT time, names, ${USAGE_COLUMNS} FROM ${USAGE_TABLE[dimension]} WHERE time >= ? AND time < ?`);
      usage.bind([raw[0]!.time, rollBefore]);
      while (usage.step()) {
        const row = usage.get();
        byTime.get(row[0] as number)?.usage.push({ dimension, ids: history.nameSet(row[1] as number), blobs: row.slice(2) as Uint8Array[] });
      }
      usage.reset();
    }
    history.statement('DELETE FROM cluster_samples WHERE time < ? AND step < ?').run([rollBefore, rollupSeconds]);
    for (const dimension of DIMENSIONS) {
      const remove = history.statement(`DELETE FROM ${USAGE_TABLE[dimension]} WHERE time = ?`);
      for (const sample of raw) remove.run([sample.time]);
    }
    for (const bucket of rollUp(raw)) {
      history.writeTotals(bucket.time, rollupSeconds, bucket.totals);
      for (const [dimension, columns] of bucket.usage) history.writeUsage(dimension, bucket.time, columns);
    }
  }
  let dropped = dropBefore(history, newest - RETENTION.keepSeconds);
  // The sample cap: the newest maxSamplesPerCluster times stay.
  const cap = history.statement('SELECT time FROM cluster_samples ORDER BY time DESC LIMIT 1 OFFSET ?');
  const beyond = cap.get([RETENTION.maxSamplesPerCluster])[0];
  cap.reset();
  if (typeof beyond === 'number') dropped += dropBefore(history, beyond + 1);
  if (dropped > 0 || raw.length > 0) history.forgetUnusedNameSets();
}

/** Drops every sample before `time`; returns how many sample times went. */
function dropBefore(history: ClusterHistory, time: number): number {
  history.statement('DELETE FROM cluster_samples WHERE time < ?').run([time]);
  const dropped = history.db.getRowsModified();
  for (const dimension of DIMENSIONS) history.statement(`DELETE FROM ${USAGE_TABLE[dimension]} WHERE time < ?`).run([time]);
  return dropped;
}
