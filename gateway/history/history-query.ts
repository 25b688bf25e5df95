/**
 * Reads one tier of one cluster over a time range as a protocol HistoryBlock. Rows come in
 * primary-key order (time, then dimension). Two passes over the packed rows: the first counts each
 * series' samples (reading only the name ids), the second fills arrays allocated at their final
 * size; growing millions of small arrays one push at a time is what made this slow (the garbage
 * collector's time, mostly). Values come back to two decimals, as stored.
 */
import type Database from 'better-sqlite3';
import { compareNames } from '../../protocol/canonical-order.ts';
import {
  DIMENSIONS,
  TOTAL_METRICS,
  USAGE_METRICS,
  type HistoryBlock,
  type HistorySeries,
  type TotalMetric,
  type UsageMetric,
} from '../../protocol/history.ts';
import { METRIC_COUNT, unpackIds, unpackUsage } from './usage-pack.ts';

const round2 = (value: number) => Math.round(value * 100) / 100;

interface Range {
  cluster: number;
  tier: number;
  from: number;
  until: number;
}

interface SeriesInProgress {
  series: HistorySeries;
  /** The series' value arrays in USAGE_METRICS order. */
  columns: number[][];
  filled: number;
}

export class HistoryQuery {
  private readonly totals: Database.Statement<Range, number[]>;
  private readonly usage: Database.Statement<Range, [number, number, Buffer]>;

  constructor(
    db: Database.Database,
    /** Name ids to names (the store keeps them in memory). */
    private readonly nameOf: (id: number) => string,
  ) {
    const range = 'cluster = :cluster AND tier = :tier AND time >= :from AND time < :until';
    this.totals = db.prepare<Range, number[]>(`SELECT time, ${TOTAL_METRICS.join(', ')} FROM totals WHERE ${range} ORDER BY time`).raw(true);
    this.usage = db
      .prepare<Range, [number, number, Buffer]>(`SELECT time, dimension, packed FROM usage WHERE ${range} ORDER BY time, dimension`)
      .raw(true);
  }

  /** Samples of `tier` with from <= time < until, or null when there are none. */
  block(clusterName: string, cluster: number, tier: number, step: number, from: number, until: number): HistoryBlock | null {
    const range = { cluster, tier, from, until };
    const totalRows = this.totals.all(range);
    if (totalRows.length === 0) return null;
    const times: number[] = new Array(totalRows.length);
    const totals = Object.fromEntries(TOTAL_METRICS.map((metric) => [metric, new Array<number>(totalRows.length)])) as Record<TotalMetric, number[]>;
    const indexOfTime = new Map<number, number>();
    totalRows.forEach((row, i) => {
      times[i] = row[0]!;
      indexOfTime.set(row[0]!, i);
      TOTAL_METRICS.forEach((metric, m) => (totals[metric][i] = round2(row[m + 1]!)));
    });

    // Pass 1: which series, how many samples each. Keys are name id × 4 + dimension: small whole
    // numbers, which V8 hashes without allocating (a key above 2^31 would be a heap number).
    const rows: Array<[at: number, dimension: number, packed: Buffer]> = [];
    const counts = new Map<number, number>();
    for (const [time, dimension, packed] of this.usage.iterate(range)) {
      const at = indexOfTime.get(time);
      if (at === undefined) continue; // a usage row without its totals row cannot be placed
      rows.push([at, dimension, packed]);
      for (const id of unpackIds(packed)) {
        const key = id * 4 + dimension;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }

    const inProgress = new Map<number, SeriesInProgress>();
    for (const [key, count] of counts) {
      const columns = USAGE_METRICS.map(() => new Array<number>(count));
      const values = Object.fromEntries(USAGE_METRICS.map((metric, m) => [metric, columns[m]!])) as Record<UsageMetric, number[]>;
      const series: HistorySeries = {
        dimension: DIMENSIONS[key % 4]!,
        name: this.nameOf(Math.floor(key / 4)),
        at: new Array<number>(count),
        values,
      };
      inProgress.set(key, { series, columns, filled: 0 });
    }

    // Pass 2: fill.
    for (const [at, dimension, packed] of rows) {
      const { ids, values } = unpackUsage(packed);
      for (let i = 0; i < ids.length; i++) {
        const target = inProgress.get(ids[i]! * 4 + dimension)!;
        const k = target.filled++;
        target.series.at[k] = at;
        for (let m = 0; m < METRIC_COUNT; m++) target.columns[m]![k] = values[i * METRIC_COUNT + m]!;
      }
    }

    const series = [...inProgress.values()]
      .map((entry) => entry.series)
      .sort((a, b) => DIMENSIONS.indexOf(a.dimension) - DIMENSIONS.indexOf(b.dimension) || compareNames(a.name, b.name));
    return { cluster: clusterName, step, times, totals, series };
  }
}
