/**
 * The gateway's durable memory (SQLite through better-sqlite3, WAL): per cluster, the samples of
 * every poll in tiers, the last snapshot, and the gateway's sequence number, so a restart resumes
 * where it stopped. Each poll is one transaction: samples, roll-ups, pruning, snapshot and
 * sequence land together or not at all.
 *
 * `history(cluster, since)` serves browsers: per-poll samples for the range still kept per poll
 * (rawHours), 5-minute means before that, back to at most `browserDays`. Hourly means (kept for
 * years) are read with `range` by whoever needs long views.
 */
import Database from 'better-sqlite3';
import type { HistorySource } from '../cluster-feed.ts';
import type { Retention } from '../config/config-types.ts';
import { DIMENSIONS, TOTAL_METRICS, USAGE_METRICS, type HistoryBlock } from '../../protocol/history.ts';
import { nodeDeflate, nodeInflate } from '../../protocol/deflate-node.ts';
import { decodeMessage, encodeMessage } from '../../protocol/frame.ts';
import type { Snapshot } from '../../protocol/model.ts';
import { blockAfter } from './block-after.ts';
import { HistoryError } from './history-error.ts';
import { HistoryQuery } from './history-query.ts';
import { DIMENSION_CODES, FIVE_MINUTES, HOUR, migrate, RAW, ROLLED_TIERS } from './history-schema.ts';
import { bucketOf, RollUps, type RolledTier } from './roll-up.ts';
import { sampleRows } from './sample-rows.ts';
import { METRIC_COUNT, packUsage } from './usage-pack.ts';

export interface HistoryStoreOptions {
  retention: Retention;
  /** How far back `history` reaches for browsers, days (capped by the 5-minute retention). */
  browserDays?: number;
  /** Epoch seconds; tests pass their own clock. */
  now?: () => number;
}

interface ClusterRow {
  id: number;
  seq: number;
  snapshot: Buffer | null;
  lastSample: number | null;
  sampleInterval: number | null;
  rolled300: number;
  rolled3600: number;
}

export class HistoryStore implements HistorySource {
  private readonly db: Database.Database;
  private readonly now: () => number;
  private readonly retention: Retention;
  private readonly browserDays: number;
  private readonly rollUps: RollUps;
  private readonly query: HistoryQuery;
  private readonly statements;
  /** Every user, group and queue name and its id (a few thousand at most, read once). */
  private readonly names = new Map<string, number>();
  private readonly nameTexts = new Map<number, string>();
  /** The last `history` answer per cluster id, until the cluster's next sample or roll-up. */
  private readonly historyCache = new Map<number, { key: string; blocks: HistoryBlock[] }>();
  /** Names inserted by the transaction under way, forgotten again if it fails. */
  private readonly namesAdded: string[] = [];

  private constructor(path: string, options: HistoryStoreOptions) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // WAL with synchronous NORMAL never corrupts; a power cut loses at most the last polls.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    migrate(this.db);
    this.now = options.now ?? (() => Math.floor(Date.now() / 1000));
    this.retention = options.retention;
    this.browserDays = Math.min(options.browserDays ?? 30, options.retention.fiveMinuteDays);
    this.rollUps = new RollUps(this.db);
    for (const { id, text } of this.db.prepare<[], { id: number; text: string }>('SELECT id, text FROM name').all()) {
      this.names.set(text, id);
      this.nameTexts.set(id, text);
    }
    this.query = new HistoryQuery(this.db, (id) => this.nameTexts.get(id) ?? `#${id}`);
    const db = this.db;
    this.statements = {
      cluster: db.prepare<[string], ClusterRow>('SELECT * FROM cluster WHERE name = ?'),
      clusters: db.prepare<[], ClusterRow & { name: string }>('SELECT * FROM cluster'),
      addCluster: db.prepare<[string]>('INSERT INTO cluster (name) VALUES (?)'),
      saveState: db.prepare(
        'UPDATE cluster SET seq = :seq, snapshot = :snapshot, lastSample = :lastSample, sampleInterval = :sampleInterval WHERE id = :id',
      ),
      addName: db.prepare<[string]>('INSERT INTO name (text) VALUES (?)'),
      addTotals: db.prepare(
        `INSERT INTO totals (cluster, tier, time, n, ${TOTAL_METRICS.join(', ')})
         VALUES (:cluster, ${RAW}, :time, 1, ${TOTAL_METRICS.map((m) => `:${m}`).join(', ')})`,
      ),
      addUsage: db.prepare(`INSERT INTO usage (cluster, tier, time, dimension, packed) VALUES (:cluster, ${RAW}, :time, :dimension, :packed)`),
    };
  }

  /** Opens (or creates) the database file. Throws HistoryError `history-schema-newer` for a file
   * written by a newer gateway. */
  static open(path: string, options: HistoryStoreOptions): HistoryStore {
    return new HistoryStore(path, options);
  }

  /** The gateway's sequence for a cluster: 0 before its first snapshot. */
  seq(cluster: string): number {
    return this.statements.cluster.get(cluster)?.seq ?? 0;
  }

  lastSnapshot(cluster: string): Snapshot | null {
    const blob = this.statements.cluster.get(cluster)?.snapshot;
    if (!blob) return null;
    try {
      const message = decodeMessage(blob, { inflate: nodeInflate });
      if (message.type === 'snapshot') return message.snapshot;
    } catch {
      // Handled below: a snapshot this gateway cannot read is as good as none.
    }
    throw new HistoryError('history-snapshot-unreadable', `the stored snapshot of ${cluster} cannot be decoded`);
  }

  /**
   * Records a new state of a cluster: `snapshot.seq` must be above the stored sequence (the
   * caller, one poller per cluster, takes `seq(cluster) + 1`). A sample is added only for data
   * from a good collection (status ok, or stale: real but late) that is newer than the newest
   * sample: a failed collection re-serves old data, and an agent restarted with its clock behind
   * sends older times; both keep the snapshot but add no sample. `sampleInterval` is the seconds
   * between two samples (the longer of the poll and the agent's collection intervals).
   */
  record(cluster: string, snapshot: Snapshot, sampleInterval: number): void {
    this.namesAdded.length = 0;
    try {
      this.recordInTransaction(cluster, snapshot, sampleInterval);
    } catch (error) {
      // The names inserted with it are gone too; their ids will be handed out again.
      for (const name of this.namesAdded) {
        this.nameTexts.delete(this.names.get(name)!);
        this.names.delete(name);
      }
      throw error;
    }
  }

  private recordInTransaction(cluster: string, snapshot: Snapshot, sampleInterval: number): void {
    this.db.transaction(() => {
      const row = this.clusterRow(cluster);
      this.historyCache.delete(row.id);
      if (snapshot.seq <= row.seq) {
        throw new HistoryError('history-seq-regressed', `sequence ${snapshot.seq} of ${cluster} is not above the stored ${row.seq}`);
      }
      const good = snapshot.status.health === 'ok' || snapshot.status.health === 'stale';
      const sampled = good && (row.lastSample === null || snapshot.time > row.lastSample);
      if (sampled) this.addSample(row.id, snapshot);
      this.statements.saveState.run({
        id: row.id,
        seq: snapshot.seq,
        snapshot: encodeMessage({ type: 'snapshot', level: 'jobs', snapshot }, { deflate: nodeDeflate }),
        lastSample: sampled ? snapshot.time : row.lastSample,
        sampleInterval,
      });
      if (sampled) this.rollAndPrune(row, snapshot.time, snapshot.time);
    })();
  }

  /** Rolls up buckets that can no longer get samples (their cluster went quiet) and prunes, for
   * every cluster. The pollers' owner calls this every minute or so. */
  maintain(): void {
    const now = this.now();
    this.db.transaction(() => {
      this.historyCache.clear();
      for (const row of this.statements.clusters.all()) {
        // No sample is expected this long after a bucket ended: its mean is final.
        const grace = Math.max(120, 2 * (row.sampleInterval ?? 60));
        this.rollAndPrune(row, now - grace, null);
      }
    })();
  }

  /**
   * Built once per cluster and kept until its next sample (or until the window moves on), then
   * cut to each caller's `since`: a hundred browsers reconnecting at once cost one read. The
   * blocks are shared between callers: read them, never change them.
   */
  history(cluster: string, since: number | null): HistoryBlock[] {
    const row = this.statements.cluster.get(cluster);
    if (!row) return [];
    const now = this.now();
    // Per-poll samples from the start of the five-minute bucket where raw retention begins, or
    // from where the roll-up has got to if it lags: the two blocks never overlap or leave a hole.
    const rawFrom = Math.min(bucketOf(Math.max(0, now - this.retention.rawHours * 3600), FIVE_MINUTES), row.rolled300);
    const browserFrom = bucketOf(now - this.browserDays * 86_400, FIVE_MINUTES) + FIVE_MINUTES;
    const key = `${rawFrom}:${browserFrom}`;
    let cached = this.historyCache.get(row.id);
    if (cached?.key !== key) {
      const blocks: HistoryBlock[] = [];
      const fiveMinute = this.query.block(cluster, row.id, FIVE_MINUTES, FIVE_MINUTES, browserFrom, rawFrom);
      if (fiveMinute) blocks.push(fiveMinute);
      const raw = this.query.block(cluster, row.id, RAW, row.sampleInterval ?? 60, rawFrom, Infinity);
      if (raw) blocks.push(raw);
      cached = { key, blocks };
      this.historyCache.set(row.id, cached);
    }
    if (since === null) return cached.blocks;
    return cached.blocks.flatMap((block) => blockAfter(block, since) ?? []);
  }


  /** One tier over [from, until): `0` per poll, `300` five-minute means, `3600` hourly means. */
  range(cluster: string, tier: 0 | 300 | 3600, from: number, until: number): HistoryBlock | null {
    const row = this.statements.cluster.get(cluster);
    if (!row) return null;
    return this.query.block(cluster, row.id, tier, tier === RAW ? (row.sampleInterval ?? 60) : tier, from, until);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private clusterRow(cluster: string): ClusterRow {
    const existing = this.statements.cluster.get(cluster);
    if (existing) return existing;
    this.statements.addCluster.run(cluster);
    return this.statements.cluster.get(cluster)!;
  }

  private nameId(name: string): number {
    const existing = this.names.get(name);
    if (existing !== undefined) return existing;
    const id = Number(this.statements.addName.run(name).lastInsertRowid);
    this.names.set(name, id);
    this.nameTexts.set(id, name);
    this.namesAdded.push(name);
    return id;
  }

  private addSample(cluster: number, snapshot: Snapshot): void {
    const rows = sampleRows(snapshot.time, snapshot.summary);
    this.statements.addTotals.run({ cluster, time: rows.time, ...rows.totals });
    for (const dimension of DIMENSIONS) {
      const named = rows.usage
        .filter((row) => row.dimension === dimension)
        .map((row) => ({ id: this.nameId(row.name), row }))
        .sort((a, b) => a.id - b.id);
      if (named.length === 0) continue;
      const values = new Float64Array(named.length * METRIC_COUNT);
      named.forEach(({ row }, i) => USAGE_METRICS.forEach((metric, m) => (values[i * METRIC_COUNT + m] = row.values[metric])));
      const packed = packUsage({ ids: named.map(({ id }) => id), values });
      this.statements.addUsage.run({ cluster, time: rows.time, dimension: DIMENSION_CODES[dimension], packed });
    }
  }

  /**
   * Rolls each tier's complete buckets: those that end at or before the bucket holding
   * `completeUntil`. A new sample that lands in a bucket already rolled (the bucket was closed by
   * the clock during a long silence) re-rolls from that bucket on.
   */
  private rollAndPrune(row: ClusterRow, completeUntil: number, newSample: number | null): void {
    const rolled: Record<RolledTier, number> = { [FIVE_MINUTES]: row.rolled300, [HOUR]: row.rolled3600 };
    for (const tier of ROLLED_TIERS) {
      const from = newSample === null ? rolled[tier] : Math.min(rolled[tier], bucketOf(newSample, tier));
      const until = Math.max(rolled[tier], bucketOf(completeUntil, tier));
      rolled[tier] = this.rollUps.roll(row.id, tier, from, until, rolled[tier]);
    }
    this.rollUps.prune(row.id, this.now(), this.retention, rolled);
  }
}
