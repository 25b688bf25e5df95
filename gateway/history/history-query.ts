/**
 * Reads one tier of one cluster over a time range as a protocol HistoryBlock. Rows are read in
 * primary-key order (time first), so series are gathered in one pass with no sort in SQLite; every
 * value is rounded to two decimals, as the block's contract says.
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

const round2 = (value: number) => Math.round(value * 100) / 100;

interface TotalsRow extends Record<TotalMetric, number> {
  time: number;
}
interface UsageRowOut extends Record<UsageMetric, number> {
  time: number;
  dimension: number;
  name: string;
}

export class HistoryQuery {
  private readonly totals: Database.Statement<{ cluster: number; tier: number; from: number; until: number }, TotalsRow>;
  private readonly usage: Database.Statement<{ cluster: number; tier: number; from: number; until: number }, UsageRowOut>;

  constructor(db: Database.Database) {
    const range = 'cluster = :cluster AND tier = :tier AND time >= :from AND time < :until';
    this.totals = db.prepare(`SELECT time, ${TOTAL_METRICS.join(', ')} FROM totals WHERE ${range} ORDER BY time`);
    this.usage = db.prepare(
      `SELECT u.time, u.dimension, n.text AS name, ${USAGE_METRICS.map((m) => `u.${m}`).join(', ')}
       FROM usage u JOIN name n ON n.id = u.name
       WHERE u.${range.replaceAll(' AND ', ' AND u.')} ORDER BY u.time`,
    );
  }

  /** Samples of `tier` with from <= time < until, or null when there are none. */
  block(clusterName: string, cluster: number, tier: number, step: number, from: number, until: number): HistoryBlock | null {
    const range = { cluster, tier, from, until };
    const times: number[] = [];
    const totals = Object.fromEntries(TOTAL_METRICS.map((metric) => [metric, [] as number[]])) as Record<TotalMetric, number[]>;
    const indexOfTime = new Map<number, number>();
    for (const row of this.totals.iterate(range)) {
      indexOfTime.set(row.time, times.length);
      times.push(row.time);
      for (const metric of TOTAL_METRICS) totals[metric].push(round2(row[metric]));
    }
    if (times.length === 0) return null;

    const seriesByKey = new Map<string, HistorySeries>();
    for (const row of this.usage.iterate(range)) {
      const at = indexOfTime.get(row.time);
      if (at === undefined) continue; // a usage row without its totals row cannot be placed
      const key = `${row.dimension}\u0000${row.name}`;
      let series = seriesByKey.get(key);
      if (!series) {
        series = {
          dimension: DIMENSIONS[row.dimension]!,
          name: row.name,
          at: [],
          values: Object.fromEntries(USAGE_METRICS.map((metric) => [metric, [] as number[]])) as Record<UsageMetric, number[]>,
        };
        seriesByKey.set(key, series);
      }
      series.at.push(at);
      for (const metric of USAGE_METRICS) series.values[metric].push(round2(row[metric]));
    }
    const series = [...seriesByKey.values()].sort(
      (a, b) => DIMENSIONS.indexOf(a.dimension) - DIMENSIONS.indexOf(b.dimension) || compareNames(a.name, b.name),
    );
    return { cluster: clusterName, step, times, totals, series };
  }
}
