/**
 * Reads one tier of one cluster over a time range as a protocol HistoryBlock. Rows come in
 * primary-key order (time, then dimension), so series are gathered in one pass with no sort in
 * SQLite; every value is rounded to two decimals, as the block's contract says.
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
import { METRIC_COUNT, unpackUsage } from './usage-pack.ts';

const round2 = (value: number) => Math.round(value * 100) / 100;

interface Range {
  cluster: number;
  tier: number;
  from: number;
  until: number;
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
    const times: number[] = [];
    const totals = Object.fromEntries(TOTAL_METRICS.map((metric) => [metric, [] as number[]])) as Record<TotalMetric, number[]>;
    const indexOfTime = new Map<number, number>();
    for (const row of this.totals.iterate(range)) {
      indexOfTime.set(row[0]!, times.length);
      times.push(row[0]!);
      TOTAL_METRICS.forEach((metric, m) => totals[metric].push(round2(row[m + 1]!)));
    }
    if (times.length === 0) return null;

    // Keyed by dimension × 2^32 + name id: one number, no string per value.
    const seriesByKey = new Map<number, HistorySeries>();
    for (const [time, dimension, packed] of this.usage.iterate(range)) {
      const at = indexOfTime.get(time);
      if (at === undefined) continue; // a usage row without its totals row cannot be placed
      const { ids, values } = unpackUsage(packed);
      for (let i = 0; i < ids.length; i++) {
        const key = dimension * 2 ** 32 + ids[i]!;
        let series = seriesByKey.get(key);
        if (!series) {
          series = {
            dimension: DIMENSIONS[dimension]!,
            name: this.nameOf(ids[i]!),
            at: [],
            values: Object.fromEntries(USAGE_METRICS.map((metric) => [metric, [] as number[]])) as Record<UsageMetric, number[]>,
          };
          seriesByKey.set(key, series);
        }
        series.at.push(at);
        for (let m = 0; m < METRIC_COUNT; m++) series.values[USAGE_METRICS[m]!].push(values[i * METRIC_COUNT + m]!);
      }
    }
    const series = [...seriesByKey.values()].sort(
      (a, b) => DIMENSIONS.indexOf(a.dimension) - DIMENSIONS.indexOf(b.dimension) || compareNames(a.name, b.name),
    );
    return { cluster: clusterName, step, times, totals, series };
  }
}
