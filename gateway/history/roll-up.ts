/**
 * Roll-ups and pruning. A tier's bucket holds the means of the per-poll samples that fell in it;
 * a bucket with no sample has no row, so a gap (the cluster was unreachable) stays a gap in every
 * tier. Roll-ups read the per-poll samples, which are pruned only once both tiers have covered
 * them. Buckets are aligned to UTC (time − time mod bucket).
 */
import type Database from 'better-sqlite3';
import { TOTAL_METRICS, USAGE_METRICS } from '../../protocol/history.ts';
import type { Retention } from '../config/config-types.ts';
import { FIVE_MINUTES, HOUR, RAW } from './history-schema.ts';

export type RolledTier = typeof FIVE_MINUTES | typeof HOUR;

export class RollUps {
  private readonly deleteTotals: Database.Statement;
  private readonly deleteUsage: Database.Statement;
  private readonly rollTotals: Database.Statement;
  private readonly rollUsage: Database.Statement;
  private readonly markRolled: Record<RolledTier, Database.Statement>;
  private readonly pruneTotals: Database.Statement;
  private readonly pruneUsage: Database.Statement;

  constructor(db: Database.Database) {
    const range = 'cluster = :cluster AND tier = :tier AND time >= :from AND time < :until';
    this.deleteTotals = db.prepare(`DELETE FROM totals WHERE ${range}`);
    this.deleteUsage = db.prepare(`DELETE FROM usage WHERE ${range}`);
    this.rollTotals = db.prepare(`
      INSERT INTO totals (cluster, tier, time, n, ${TOTAL_METRICS.join(', ')})
      SELECT cluster, :tier, time - time % :tier AS bucket, count(*), ${TOTAL_METRICS.map((m) => `avg(${m})`).join(', ')}
      FROM totals WHERE cluster = :cluster AND tier = ${RAW} AND time >= :from AND time < :until
      GROUP BY bucket`);
    // A user absent from a poll had zero in it: divide by the bucket's poll count, not the rows'.
    this.rollUsage = db.prepare(`
      INSERT INTO usage (cluster, tier, time, dimension, name, ${USAGE_METRICS.join(', ')})
      SELECT u.cluster, :tier, u.time - u.time % :tier AS bucket, u.dimension, u.name,
        ${USAGE_METRICS.map((m) => `sum(u.${m}) / t.n`).join(', ')}
      FROM usage u JOIN totals t ON t.cluster = u.cluster AND t.tier = :tier AND t.time = u.time - u.time % :tier
      WHERE u.cluster = :cluster AND u.tier = ${RAW} AND u.time >= :from AND u.time < :until
      GROUP BY bucket, u.dimension, u.name`);
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
    this.rollUsage.run(range);
    const mark = Math.max(rolledUntil, until);
    this.markRolled[tier].run({ cluster, until: mark });
    return mark;
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
