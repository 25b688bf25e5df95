/**
 * The worker's history: samples of every followed cluster in sql.js, plus the last snapshot of
 * each, in one database that persistence.ts saves to IndexedDB whole. Every update (a history
 * block, a live sample) is one transaction: it lands whole or not at all.
 */
import type { Database, SqlJsStatic, Statement } from 'sql.js';
import { decodeMessage, encodeMessage } from '../protocol/frame.ts';
import { DIMENSIONS, USAGE_METRICS, type HistoryBlock } from '../protocol/history.ts';
import type { Level, Snapshot } from '../protocol/model.ts';
import { DIMENSION_CODE, SCHEMA_SQL, SCHEMA_VERSION } from './history-schema.ts';
import { RETENTION, rollUp, type RawSample } from './retention.ts';
import { SAMPLE_TOTAL_KEYS, samplesOfBlock, type Sample, type SampleTotals } from './samples.ts';
import { emptyUsageColumns, packValues, packIds, type UsageColumns } from './usage-packing.ts';

export interface SavedSnapshot {
  gateway: string;
  label: string;
  level: Level;
  snapshot: Snapshot;
}

/** `summary` carries pseudonyms, the others real names: samples of the two never mix. */
function namesKind(level: Level): 'pseudonyms' | 'real' {
  return level === 'summary' ? 'pseudonyms' : 'real';
}

export class HistoryStore {
  private readonly nameIds = new Map<string, number>();
  private readonly clusterIds = new Map<string, number>();
  private readonly statements = new Map<string, Statement>();
  /** Data time of the last maintenance per cluster id: it runs once per rollup bucket. */
  private readonly maintainedAt = new Map<number, number>();
  /** clusters.level per cluster id, so a live sample costs no extra query. */
  private readonly levels = new Map<number, Level | null>();

  private constructor(readonly db: Database) {}

  /** Opens a saved database, or a new one when there is none or it has another schema version. */
  static open(SQL: SqlJsStatic, saved: Uint8Array | null): HistoryStore {
    let db: Database | null = null;
    if (saved && saved.length > 0) {
      try {
        db = new SQL.Database(saved);
        const version = db.exec("SELECT value FROM meta WHERE key = 'schema'")[0]?.values[0]?.[0];
        if (version !== String(SCHEMA_VERSION)) {
          db.close();
          db = null;
        }
      } catch {
        db?.close();
        db = null;
      }
    }
    db ??= new SQL.Database();
    // The database lives in wasm memory and is saved whole: a rollback journal in the in-memory
    // file system only costs copies (it made a week's insert many times slower).
    db.exec('PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; PRAGMA temp_store = MEMORY;');
    db.exec(SCHEMA_SQL);
    db.run("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema', ?)", [String(SCHEMA_VERSION)]);
    const store = new HistoryStore(db);
    for (const [id, name] of db.exec('SELECT id, name FROM names')[0]?.values ?? []) store.nameIds.set(name as string, id as number);
    return store;
  }

  close(): void {
    for (const statement of this.statements.values()) statement.free();
    this.statements.clear();
    this.db.close();
  }

  /**
   * The database as bytes to save. Roll-ups and retention free pages that an export would copy
   * all the same: when more than a quarter of the file is free, VACUUM first.
   */
  export(): Uint8Array {
    const pages = this.db.exec('PRAGMA page_count')[0]!.values[0]![0] as number;
    const free = this.db.exec('PRAGMA freelist_count')[0]!.values[0]![0] as number;
    if (free > 256 && free * 4 > pages) {
      for (const statement of this.statements.values()) statement.free();
      this.statements.clear();
      this.db.exec('VACUUM');
    }
    return this.db.export();
  }

  statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Runs `work` in one transaction: every change lands, or none does. */
  transaction<T>(work: () => T): T {
    this.statement('BEGIN').run();
    try {
      const result = work();
      this.statement('COMMIT').run();
      return result;
    } catch (error) {
      this.db.exec('ROLLBACK');
      // Ids handed out inside the transaction are gone with it.
      this.nameIds.clear();
      this.clusterIds.clear();
      this.levels.clear();
      for (const [id, name] of this.db.exec('SELECT id, name FROM names')[0]?.values ?? []) this.nameIds.set(name as string, id as number);
      throw error;
    }
  }

  findCluster(gateway: string, cluster: string): number | null {
    const key = `${gateway}\n${cluster}`;
    const cached = this.clusterIds.get(key);
    if (cached !== undefined) return cached;
    const row = this.db.exec('SELECT id FROM clusters WHERE gateway = ? AND name = ?', [gateway, cluster])[0]?.values[0];
    if (!row) return null;
    this.clusterIds.set(key, row[0] as number);
    return row[0] as number;
  }

  private clusterId(gateway: string, cluster: string): number {
    const found = this.findCluster(gateway, cluster);
    if (found !== null) return found;
    this.db.run('INSERT INTO clusters (gateway, name) VALUES (?, ?)', [gateway, cluster]);
    return this.findCluster(gateway, cluster)!;
  }

  private nameId(name: string): number {
    const cached = this.nameIds.get(name);
    if (cached !== undefined) return cached;
    const insert = this.statement('INSERT INTO names (name) VALUES (?)');
    insert.run([name]);
    const id = this.db.exec('SELECT last_insert_rowid()')[0]!.values[0]![0] as number;
    this.nameIds.set(name, id);
    return id;
  }

  /** Names of the given name ids. */
  namesOf(ids: readonly number[]): Map<number, string> {
    const found = new Map<number, string>();
    if (ids.length === 0) return found;
    const wanted = new Set(ids);
    for (const [name, id] of this.nameIds) if (wanted.has(id)) found.set(id, name);
    return found;
  }

  /** The level whose names the cluster's samples carry, or null when it has none. */
  storedLevel(gateway: string, cluster: string): Level | null {
    const id = this.findCluster(gateway, cluster);
    if (id === null) return null;
    return (this.db.exec('SELECT level FROM clusters WHERE id = ?', [id])[0]?.values[0]?.[0] as Level | null) ?? null;
  }

  /** Time of the newest sample held for the cluster, or null. */
  newestTime(gateway: string, cluster: string): number | null {
    const id = this.findCluster(gateway, cluster);
    if (id === null) return null;
    const value = this.db.exec('SELECT max(time) FROM cluster_samples WHERE cluster_id = ?', [id])[0]?.values[0]?.[0];
    return typeof value === 'number' ? value : null;
  }

  /** Keeps samples of one kind of names only: samples of another level are dropped first. */
  private prepareCluster(gateway: string, cluster: string, level: Level): number {
    const id = this.clusterId(gateway, cluster);
    let stored = this.levels.get(id);
    if (stored === undefined) {
      stored = (this.db.exec('SELECT level FROM clusters WHERE id = ?', [id])[0]?.values[0]?.[0] as Level | null) ?? null;
      this.levels.set(id, stored);
    }
    if (stored !== level) {
      if (stored !== null && namesKind(stored) !== namesKind(level)) {
        this.db.run('DELETE FROM cluster_samples WHERE cluster_id = ?', [id]);
        this.db.run('DELETE FROM usage_samples WHERE cluster_id = ?', [id]);
      }
      this.db.run('UPDATE clusters SET level = ? WHERE id = ?', [level, id]);
      this.levels.set(id, level);
    }
    return id;
  }

  /** Writes samples in one transaction; a sample at a time already held replaces it. */
  addSamples(gateway: string, cluster: string, level: Level, samples: readonly Sample[]): void {
    if (samples.length === 0) return;
    const id = this.transaction(() => {
      const id = this.prepareCluster(gateway, cluster, level);
      for (const sample of samples) this.writeSample(id, sample);
      return id;
    });
    this.maintainAfter(id, samples.reduce((newest, sample) => Math.max(newest, sample.time), 0));
  }

  /**
   * A live snapshot's sample. When the previous live sample came over the same unbroken
   * connection, nothing changed between the two (the gateway sends every change), so the earlier
   * sample is stretched to reach this one: a quiet cluster draws a line, not a gap.
   */
  addLiveSample(gateway: string, cluster: string, level: Level, sample: Sample, previousTime: number | null): void {
    const id = this.transaction(() => {
      const id = this.prepareCluster(gateway, cluster, level);
      if (previousTime !== null && previousTime < sample.time) {
        this.statement('UPDATE cluster_samples SET step = max(step, ?) WHERE cluster_id = ? AND time = ?').run([
          sample.time - previousTime,
          id,
          previousTime,
        ]);
      }
      this.writeSample(id, sample);
      return id;
    });
    this.maintainAfter(id, sample.time);
  }

  addBlock(gateway: string, level: Level, block: HistoryBlock): void {
    this.addSamples(gateway, block.cluster, level, samplesOfBlock(block));
  }

  writeSample(clusterId: number, sample: Sample): void {
    const t = sample.totals;
    this.statement('INSERT OR REPLACE INTO cluster_samples VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run([
      clusterId,
      sample.time,
      sample.step,
      t.coresTotal,
      t.coresUsed,
      t.coresUnavailable,
      t.gpusTotal,
      t.gpusUsed,
      t.jobsRunning,
      t.jobsQueued,
      t.jobsHeld,
      t.coresQueued,
      t.gpusQueued,
    ]);
    for (const dimension of DIMENSIONS) {
      const columns = emptyUsageColumns();
      for (const [name, values] of sample.usage[dimension]) {
        columns.nameIds.push(this.nameId(name));
        for (const metric of USAGE_METRICS) columns.values[metric].push(values[metric]);
      }
      this.writeUsage(clusterId, DIMENSION_CODE[dimension], sample.time, columns);
    }
  }

  writeUsage(clusterId: number, dimension: number, time: number, columns: UsageColumns): void {
    this.statement('INSERT OR REPLACE INTO usage_samples VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run([
      clusterId,
      dimension,
      time,
      packIds(columns.nameIds),
      ...USAGE_METRICS.map((metric) => packValues(columns.values[metric])),
    ]);
  }

  saveSnapshot(gateway: string, label: string, level: Level, snapshot: Snapshot): void {
    const frame = encodeMessage({ type: 'snapshot', level, snapshot });
    this.transaction(() => {
      const id = this.clusterId(gateway, snapshot.cluster);
      this.statement('INSERT OR REPLACE INTO snapshots (cluster_id, label, frame) VALUES (?, ?, ?)').run([id, label, frame]);
    });
  }

  /** Every saved snapshot; one that no longer decodes (a protocol change) is skipped. */
  loadSnapshots(): SavedSnapshot[] {
    const rows = this.db.exec('SELECT c.gateway, s.label, s.frame FROM snapshots s JOIN clusters c ON c.id = s.cluster_id')[0]?.values ?? [];
    const saved: SavedSnapshot[] = [];
    for (const [gateway, label, frame] of rows) {
      try {
        const message = decodeMessage(frame as Uint8Array);
        if (message.type === 'snapshot') saved.push({ gateway: gateway as string, label: label as string, level: message.level, snapshot: message.snapshot });
      } catch {
        // An unreadable snapshot only costs a slower first paint: the gateway sends a new one.
      }
    }
    return saved;
  }

  /** Applies the retention rules (retention.ts) after new samples up to `time`, at most once per
   * rollup bucket of data time (the rules only ever move by whole buckets). */
  private maintainAfter(id: number, time: number): void {
    const last = this.maintainedAt.get(id);
    if (last !== undefined && time - last < RETENTION.rollupSeconds && time >= last) return;
    const newest = this.db.exec('SELECT max(time) FROM cluster_samples WHERE cluster_id = ?', [id])[0]?.values[0]?.[0];
    if (typeof newest !== 'number') return;
    this.maintainedAt.set(id, newest);
    this.transaction(() => this.applyRetention(id, newest));
  }

  private applyRetention(id: number, newest: number): void {
    const rollBefore = Math.floor((newest - RETENTION.rawSeconds) / RETENTION.rollupSeconds) * RETENTION.rollupSeconds;
    const raw: RawSample[] = [];
    const select = this.db.prepare(
      `SELECT time, ${SAMPLE_COLUMNS} FROM cluster_samples WHERE cluster_id = ? AND time < ? AND step < ? ORDER BY time`,
    );
    try {
      select.bind([id, rollBefore, RETENTION.rollupSeconds]);
      while (select.step()) {
        const row = select.get() as number[];
        const totals = {} as SampleTotals;
        SAMPLE_TOTAL_KEYS.forEach((key, k) => (totals[key] = row[k + 1]!));
        raw.push({ time: row[0]!, totals, usage: [] });
      }
    } finally {
      select.free();
    }
    if (raw.length > 0) {
      const byTime = new Map(raw.map((sample) => [sample.time, sample]));
      const usage = this.db.prepare(
        'SELECT time, dimension, names, cores_running, cores_queued, gpus_running, gpus_queued, jobs_running, jobs_queued, jobs_held FROM usage_samples WHERE cluster_id = ? AND dimension = ? AND time >= ? AND time < ?',
      );
      try {
        for (const code of Object.values(DIMENSION_CODE)) {
          usage.bind([id, code, raw[0]!.time, rollBefore]);
          while (usage.step()) {
            const row = usage.get();
            byTime.get(row[0] as number)?.usage.push({ dimension: code, blobs: row.slice(2) as Uint8Array[] });
          }
          usage.reset();
        }
      } finally {
        usage.free();
      }
      this.db.run('DELETE FROM cluster_samples WHERE cluster_id = ? AND time < ? AND step < ?', [id, rollBefore, RETENTION.rollupSeconds]);
      const deleteUsage = this.statement('DELETE FROM usage_samples WHERE cluster_id = ? AND time = ?');
      for (const sample of raw) deleteUsage.run([id, sample.time]);
      for (const bucket of rollUp(raw)) {
        const t = bucket.totals;
        this.statement('INSERT OR REPLACE INTO cluster_samples VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run([
          id,
          bucket.time,
          RETENTION.rollupSeconds,
          ...SAMPLE_TOTAL_KEYS.map((key) => Math.round(t[key] * 100) / 100),
        ]);
        for (const [dimension, columns] of bucket.usage) this.writeUsage(id, dimension, bucket.time, columns);
      }
    }
    const dropBefore = newest - RETENTION.keepSeconds;
    this.db.run('DELETE FROM cluster_samples WHERE cluster_id = ? AND time < ?', [id, dropBefore]);
    this.db.run('DELETE FROM usage_samples WHERE cluster_id = ? AND time < ?', [id, dropBefore]);
    const count = this.db.exec('SELECT count(*) FROM cluster_samples WHERE cluster_id = ?', [id])[0]!.values[0]![0] as number;
    if (count > RETENTION.maxSamplesPerCluster) {
      const cut = this.db.exec('SELECT time FROM cluster_samples WHERE cluster_id = ? ORDER BY time LIMIT 1 OFFSET ?', [
        id,
        count - RETENTION.maxSamplesPerCluster,
      ])[0]!.values[0]![0] as number;
      this.db.run('DELETE FROM cluster_samples WHERE cluster_id = ? AND time < ?', [id, cut]);
      this.db.run('DELETE FROM usage_samples WHERE cluster_id = ? AND time < ?', [id, cut]);
    }
  }
}

const SAMPLE_COLUMNS =
  'cores_total, cores_used, cores_unavailable, gpus_total, gpus_used, jobs_running, jobs_queued, jobs_held, cores_queued, gpus_queued';
