/**
 * One cluster's history in a sql.js database of its own (history-schema.ts): samples from history
 * blocks and from live snapshots, thinned by the retention rules as they arrive, and the bytes to
 * save. Every update is one transaction: it lands whole or not at all.
 */
import type { Database, SqlJsStatic, Statement } from 'sql.js';
import { DIMENSIONS, USAGE_METRICS, type Dimension, type HistoryBlock } from '../protocol/history.ts';
import type { Level } from '../protocol/model.ts';
import { SCHEMA_SQL, SCHEMA_VERSION, TOTAL_COLUMNS, USAGE_TABLE } from './history-schema.ts';
import { applyRetention, RETENTION } from './retention.ts';
import { SAMPLE_TOTAL_KEYS, samplesOfBlock, type Sample } from './samples.ts';
import { emptyUsageColumns, packIds, packUsage, unpackIds, type UsageColumns } from './usage-packing.ts';

/** `summary` carries pseudonyms, the others real names: samples of the two never mix. */
export function namesKind(level: Level): 'pseudonyms' | 'real' {
  return level === 'summary' ? 'pseudonyms' : 'real';
}

function metaValue(db: Database, key: string): string | null {
  const value = db.exec('SELECT value FROM meta WHERE key = ?', [key])[0]?.values[0]?.[0];
  return typeof value === 'string' ? value : null;
}

const EMPTY_SET = new Int32Array(0);

export class ClusterHistory {
  private readonly nameIds = new Map<string, number>();
  private names: string[] = [];
  /** Name lists (name_sets) by id, and their ids by the list as text. */
  private readonly nameSets = new Map<number, Int32Array>();
  private readonly nameSetIds = new Map<string, number>();
  private readonly statements = new Map<string, Statement>();
  /** Data time of the last maintenance: it runs once per rollup bucket. */
  private maintainedAt: number | null = null;
  private storedLevel: Level | null;
  /** Moves with every committed change: the store saves a history whose version moved. */
  version = 0;

  private constructor(
    /** The sql.js database (tests and diagnostics look inside; the worker goes through methods). */
    readonly db: Database,
    readonly gateway: string,
    readonly cluster: string,
  ) {
    this.storedLevel = metaValue(db, 'level') as Level | null;
    this.loadNames();
  }

  /** An empty history of the cluster. */
  static create(SQL: SqlJsStatic, gateway: string, cluster: string): ClusterHistory {
    const db = new SQL.Database();
    ClusterHistory.prepare(db);
    db.run("INSERT INTO meta (key, value) VALUES ('schema', ?), ('gateway', ?), ('cluster', ?)", [String(SCHEMA_VERSION), gateway, cluster]);
    return new ClusterHistory(db, gateway, cluster);
  }

  /** The history saved as `bytes`; null when they are not a database of this schema and this
   * cluster (unreadable, an older version, another cluster's). */
  static open(SQL: SqlJsStatic, bytes: Uint8Array, gateway: string, cluster: string): ClusterHistory | null {
    let db: Database | null = null;
    try {
      db = new SQL.Database(bytes);
      if (metaValue(db, 'schema') !== String(SCHEMA_VERSION) || metaValue(db, 'gateway') !== gateway || metaValue(db, 'cluster') !== cluster) {
        db.close();
        return null;
      }
      ClusterHistory.prepare(db);
      return new ClusterHistory(db, gateway, cluster);
    } catch {
      db?.close();
      return null;
    }
  }

  private static prepare(db: Database): void {
    // The database lives in wasm memory and is saved whole: a rollback journal in the in-memory
    // file system only costs copies (it made a week's insert many times slower).
    db.exec('PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; PRAGMA temp_store = MEMORY;');
    db.exec(SCHEMA_SQL);
  }

  private loadNames(): void {
    this.nameIds.clear();
    this.names = [];
    for (const [id, name] of this.db.exec('SELECT id, name FROM names')[0]?.values ?? []) {
      this.nameIds.set(name as string, id as number);
      this.names[id as number] = name as string;
    }
    this.nameSets.clear();
    this.nameSetIds.clear();
    for (const [id, bytes] of this.db.exec('SELECT id, ids FROM name_sets')[0]?.values ?? []) {
      const ids = unpackIds(bytes as Uint8Array);
      this.nameSets.set(id as number, ids);
      this.nameSetIds.set(ids.join(), id as number);
    }
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
    if (free > 64 && free * 4 > pages) {
      for (const statement of this.statements.values()) statement.free();
      this.statements.clear();
      this.db.exec('VACUUM');
    }
    return this.db.export();
  }

  /** A prepared statement, kept for the history's life. */
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
      this.version += 1;
      return result;
    } catch (error) {
      this.db.exec('ROLLBACK');
      // Ids and the level set inside the transaction are gone with it.
      this.loadNames();
      this.storedLevel = metaValue(this.db, 'level') as Level | null;
      throw error;
    }
  }

  /** The level whose names the samples carry, or null when none is held. */
  level(): Level | null {
    return this.storedLevel;
  }

  /** Time of the newest sample held, or null. */
  newestTime(): number | null {
    const select = this.statement('SELECT max(time) FROM cluster_samples');
    const value = select.step() ? select.get()[0] : null;
    select.reset();
    return typeof value === 'number' ? value : null;
  }

  /** The name of a name id of this history's usage columns. */
  nameOf(id: number): string | undefined {
    return this.names[id];
  }

  /** The name ids of a name list (usage rows' `names`); empty for an id not held. */
  nameSet(id: number): Int32Array {
    return this.nameSets.get(id) ?? EMPTY_SET;
  }

  private nameSetId(ids: readonly number[]): number {
    const key = ids.join();
    const cached = this.nameSetIds.get(key);
    if (cached !== undefined) return cached;
    this.statement('INSERT INTO name_sets (ids) VALUES (?)').run([packIds(ids)]);
    const id = this.db.exec('SELECT last_insert_rowid()')[0]!.values[0]![0] as number;
    this.nameSetIds.set(key, id);
    this.nameSets.set(id, Int32Array.from(ids));
    return id;
  }

  /** Drops name lists no usage row refers to any more (after retention dropped samples). */
  forgetUnusedNameSets(): void {
    const used = DIMENSIONS.map((dimension) => `SELECT names FROM ${USAGE_TABLE[dimension]}`).join(' UNION ');
    this.db.run(`DELETE FROM name_sets WHERE id NOT IN (${used})`);
    if (this.db.getRowsModified() === 0) return;
    const kept = new Set((this.db.exec('SELECT id FROM name_sets')[0]?.values ?? []).map((row) => row[0] as number));
    for (const [id, ids] of this.nameSets) {
      if (kept.has(id)) continue;
      this.nameSets.delete(id);
      this.nameSetIds.delete(ids.join());
    }
  }

  private nameId(name: string): number {
    const cached = this.nameIds.get(name);
    if (cached !== undefined) return cached;
    this.statement('INSERT INTO names (name) VALUES (?)').run([name]);
    const id = this.db.exec('SELECT last_insert_rowid()')[0]!.values[0]![0] as number;
    this.nameIds.set(name, id);
    this.names[id] = name;
    return id;
  }

  /** Keeps samples of one kind of names only: samples of another level are dropped first. */
  private prepareLevel(level: Level): void {
    const stored = this.storedLevel;
    if (stored === level) return;
    if (stored !== null && namesKind(stored) !== namesKind(level)) {
      this.db.run('DELETE FROM cluster_samples');
      for (const dimension of DIMENSIONS) this.db.run(`DELETE FROM ${USAGE_TABLE[dimension]}`);
    }
    this.statement("INSERT OR REPLACE INTO meta (key, value) VALUES ('level', ?)").run([level]);
    this.storedLevel = level;
  }

  /** Writes samples in one transaction; a sample at a time already held replaces it. */
  addSamples(level: Level, samples: readonly Sample[]): void {
    if (samples.length === 0) return;
    this.transaction(() => {
      this.prepareLevel(level);
      for (const sample of samples) this.writeSample(sample);
    });
    this.maintainAfter(samples.reduce((newest, sample) => Math.max(newest, sample.time), 0));
  }

  addBlock(level: Level, block: HistoryBlock): void {
    this.addSamples(level, samplesOfBlock(block));
  }

  /**
   * A live snapshot's sample. When the previous live sample came over the same unbroken
   * connection, nothing changed between the two (the gateway sends every change), so the earlier
   * sample is stretched to reach this one: a quiet cluster draws a line, not a gap.
   */
  addLiveSample(level: Level, sample: Sample, previousTime: number | null): void {
    this.transaction(() => {
      this.prepareLevel(level);
      if (previousTime !== null && previousTime < sample.time) {
        this.statement('UPDATE cluster_samples SET step = max(step, ?) WHERE time = ?').run([sample.time - previousTime, previousTime]);
      }
      this.writeSample(sample);
    });
    this.maintainAfter(sample.time);
  }

  private writeSample(sample: Sample): void {
    const t = sample.totals;
    this.statement(`INSERT OR REPLACE INTO cluster_samples (time, step, ${TOTAL_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run([
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
      this.writeUsage(dimension, sample.time, columns);
    }
  }

  /** Writes one usage row (also used by the retention rules for their means). */
  writeUsage(dimension: Dimension, time: number, columns: UsageColumns): void {
    this.statement(`INSERT OR REPLACE INTO ${USAGE_TABLE[dimension]} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run([
      time,
      this.nameSetId(columns.nameIds),
      ...packUsage(columns),
    ]);
  }

  /** Writes one rolled-up sample's totals (the retention rules' means, two decimals). */
  writeTotals(time: number, step: number, totals: Sample['totals']): void {
    this.statement(`INSERT OR REPLACE INTO cluster_samples (time, step, ${TOTAL_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run([
      time,
      step,
      ...SAMPLE_TOTAL_KEYS.map((key) => Math.round(totals[key] * 100) / 100),
    ]);
  }

  /** Applies the retention rules after new samples up to `time`, at most once per rollup bucket
   * of data time (the rules only ever move by whole buckets). */
  private maintainAfter(time: number): void {
    const last = this.maintainedAt;
    if (last !== null && time - last < RETENTION.rollupSeconds && time >= last) return;
    const newest = this.newestTime();
    if (newest === null) return;
    this.maintainedAt = newest;
    this.transaction(() => applyRetention(this, newest));
  }
}
