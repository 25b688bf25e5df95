/**
 * Roll-ups and pruning. A tier's bucket holds the means of the per-poll samples that fell in it;
 * a bucket with no sample has no row, so a gap (the cluster was unreachable) stays a gap in every
 * tier. Roll-ups read the per-poll samples, which are pruned only once both tiers have covered
 * them. Buckets are aligned to UTC (time − time mod bucket).
 */
import type Database from 'better-sqlite3';
import { TOTAL_METRICS } from '../../protocol/history.ts';
import type { Retention } from '../config/config-types.ts';
import { FIVE_MINUTES, HOUR, RAW } from './history-schema.ts';
import { METRIC_COUNT, packUsage, unpackUsage } from './usage-pack.ts';

export type RolledTier = typeof FIVE_MINUTES | typeof HOUR;

interface Range {
  cluster: number;
  tier: number;
  from: number;
  until: number;
}

export class RollUps {
  private readonly deleteTotals: Database.Statement<Range>;
  private readonly deleteUsage: Database.Statement<Range>;
  private readonly rollTotals: Database.Statement<Range>;
  private readonly pollCounts: Database.Statement<Range, [number, number]>;
  private readonly rawUsage: Database.Statement<Omit<Range, 'tier'>, [number, number, Buffer]>;
  private readonly addUsage: Database.Statement<{ cluster: number; tier: number; time: number; dimension: number; packed: Uint8Array }>;
  private readonly markRolled: Record<RolledTier, Database.Statement<{ cluster: number; until: number }>>;
  private readonly pruneTotals: Database.Statement<{ cluster: number; tier: number; before: number }>;
  private readonly pruneUsage: Database.Statement<{ cluster: number; tier: number; before: number }>;

  constructor(db: Database.Database) {
    const range = 'cluster = :cluster AND tier = :tier AND time >= :from AND time < :until';
    this.deleteTotals = db.prepare(`DELETE FROM totals WHERE ${range}`);
    this.deleteUsage = db.prepare(`DELETE FROM usage WHERE ${range}`);
    this.rollTotals = db.prepare(`
      INSERT INTO totals (cluster, tier, time, n, ${TOTAL_METRICS.join(', ')})
      SELECT cluster, :tier, time - time % :tier AS bucket, count(*), ${TOTAL_METRICS.map((m) => `avg(${m})`).join(', ')}
      FROM totals WHERE cluster = :cluster AND tier = ${RAW} AND time >= :from AND time < :until
      GROUP BY bucket`);
    this.pollCounts = db.prepare<Range, [number, number]>(`SELECT time, n FROM totals WHERE ${range}`).raw(true);
    this.rawUsage = db
      .prepare<Omit<Range, 'tier'>, [number, number, Buffer]>(
        `SELECT time, dimension, packed FROM usage WHERE cluster = :cluster AND tier = ${RAW} AND time >= :from AND time < :until`,
      )
      .raw(true);
    this.addUsage = db.prepare('INSERT INTO usage (cluster, tier, time, dimension, packed) VALUES (:cluster, :tier, :time, :dimension, :packed)');
    this.markRolled = {
      [FIVE_MINUTES]: db.prepare('UPDATE cluster SET rolled300 = :until WHERE id = :cluster'),
      [HOUR]: db.prepare('UPDATE cluster SET rolled3600 = :until WHERE id = :cluster'),
    };
    this.pruneTotals = db.prepare('DELETE FROM totals WHERE cluster = :cluster AND tier = :tier AND time < :before');
    this.pruneUsage = db.prepare('DELETE FROM usage WHERE cluster = :cluster AND tier = :tier AND time < :before');
  }

  /** (Re)computes the tier's buckets that start in [from, until); both bucket-aligned. Call inside
   * a transaction. Returns the new "rolled until" mark. */
  roll(cluster: number, tier: RolledTier, from: number, until: number, rolledUntil: number): number {
    if (until <= from) return rolledUntil;
    const range = { cluster, tier, from, until };
    this.deleteUsage.run(range);
    this.deleteTotals.run(range);
    this.rollTotals.run(range);
    this.rollUsage(range);
    const mark = Math.max(rolledUntil, until);
    this.markRolled[tier].run({ cluster, until: mark });
    return mark;
  }

  /** Usage means per bucket and dimension: sums over the bucket's polls divided by the number of
   * polls (from the totals just rolled), so a name missing from a poll counts zero in it. */
  private rollUsage(range: Range): void {
    const polls = new Map<number, number>();
    for (const [bucket, n] of this.pollCounts.iterate(range)) polls.set(bucket, n);
    const sums = new Map<string, { bucket: number; dimension: number; byId: Map<number, Float64Array> }>();
    for (const [time, dimension, packed] of this.rawUsage.iterate({ cluster: range.cluster, from: range.from, until: range.until })) {
      const bucket = time - (time % range.tier);
      const key = `${bucket}:${dimension}`;
      let entry = sums.get(key);
      if (!entry) sums.set(key, (entry = { bucket, dimension, byId: new Map() }));
      const { ids, values } = unpackUsage(packed);
      ids.forEach((id, i) => {
        let total = entry.byId.get(id);
        if (!total) entry.byId.set(id, (total = new Float64Array(METRIC_COUNT)));
        for (let m = 0; m < METRIC_COUNT; m++) total[m]! += values[i * METRIC_COUNT + m]!;
      });
    }
    for (const { bucket, dimension, byId } of sums.values()) {
      const n = polls.get(bucket)!;
      const ids = [...byId.keys()].sort((a, b) => a - b);
      const values = new Float64Array(ids.length * METRIC_COUNT);
      ids.forEach((id, i) => {
        const total = byId.get(id)!;
        for (let m = 0; m < METRIC_COUNT; m++) values[i * METRIC_COUNT + m] = total[m]! / n;
      });
      this.addUsage.run({ cluster: range.cluster, tier: range.tier, time: bucket, dimension, packed: packUsage({ ids, values }) });
    }
  }

  /** Drops what retention no longer keeps. Per-poll samples go only once both tiers hold them. */
  prune(cluster: number, now: number, retention: Retention, rolled: Record<RolledTier, number>): void {
    const rawBefore = Math.min(now - retention.rawHours * 3600, rolled[FIVE_MINUTES], rolled[HOUR]);
    const cutoffs: Array<[number, number]> = [
      [RAW, rawBefore],
      [FIVE_MINUTES, now - retention.fiveMinuteDays * 86_400],
      [HOUR, now - retention.hourlyDays * 86_400],
    ];
    for (const [tier, before] of cutoffs) {
      this.pruneUsage.run({ cluster, tier, before });
      this.pruneTotals.run({ cluster, tier, before });
    }
  }
}

/** Start of the bucket holding `time`. */
export function bucketOf(time: number, tier: RolledTier): number {
  return time - (time % tier);
}
