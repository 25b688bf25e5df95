/**
 * Everything the worker keeps: one ClusterHistory (its own sql.js database) per cluster and the
 * last snapshot of each, saved to IndexedDB as records of their own (persistence.ts).
 *
 * - Restoring reads the snapshot records only, without sql.js, so a reload paints every row's
 *   figures and pies before the history, or the wasm, is loaded.
 * - A cluster's history is loaded when a page first shows or follows it (`load`), not before:
 *   a page showing one cluster reads one record, and each row's chart can draw as soon as its own
 *   history is in.
 * - Saving writes the snapshots that changed and the histories that changed, each history at most
 *   every `historyEveryMs` (unless everything is asked for: a page hidden or gone). A history that
 *   missed its last few minutes costs nothing: the hello asks the gateway for everything after the
 *   newest sample held.
 */
import type { SqlJsStatic } from 'sql.js';
import type { HistoryBlock } from '../protocol/history.ts';
import { decodeMessage, encodeMessage } from '../protocol/frame.ts';
import type { Level, Snapshot } from '../protocol/model.ts';
import { ClusterHistory } from './cluster-history.ts';
import { LEGACY_HISTORY_KEY, parseKey, type HistoryPersistence, type SnapshotRecord } from './persistence.ts';
import type { Sample } from './samples.ts';
import { WorkerFailure } from './worker-error.ts';

export interface SavedSnapshot {
  gateway: string;
  label: string;
  level: Level;
  snapshot: Snapshot;
  /** The cluster's place in the gateway's list when saved. */
  position?: number;
}

export interface HistoryStoreOptions {
  /** A history that changed is saved at most this often (snapshots follow every save). */
  historyEveryMs: number;
  now: () => number;
}

export const DEFAULT_HISTORY_STORE_OPTIONS: HistoryStoreOptions = { historyEveryMs: 300_000, now: Date.now };

/** What one save wrote. */
export interface SaveReport {
  snapshots: number;
  histories: number;
  bytes: number;
  /** When a history left for later is due (epoch ms), or null. */
  nextDue: number | null;
}

const keyOf = (gateway: string, cluster: string) => `${gateway}\n${cluster}`;

/** Writes kept per cluster while sql.js loads (a poll each: hours of polls). */
const MAX_PENDING_WRITES = 2_000;

/** Lets other tasks run between two large exports (a query waits for one export, not ten). */
const yieldToOthers = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export class HistoryStore {
  private readonly histories = new Map<string, ClusterHistory>();
  private readonly loading = new Map<string, Promise<ClusterHistory>>();
  /** Clusters whose history is saved and not loaded yet. */
  private readonly savedOnly = new Set<string>();
  /** Per loaded history: the version saved last (absent: never saved), and when (epoch ms). */
  private readonly savedVersion = new Map<string, number>();
  private readonly savedAt = new Map<string, number>();
  private SQL: SqlJsStatic | null = null;
  /** Which clusters have a saved history: read once, before the first restore or load. */
  private catalog: Promise<IDBValidKey[]> | null = null;
  /** Loads run one after another, in the order asked: ten rows asking at once get their charts
   * one by one from the first on, instead of all ten at the end (the reads share one disk). */
  private loadQueue: Promise<unknown> = Promise.resolve();
  /** Writes for clusters with no saved history that came before sql.js was loaded: applied in
   * order as soon as it is (a cold page follows its clusters at once, without waiting for the wasm). */
  private readonly pending = new Map<string, ((history: ClusterHistory) => void)[]>();
  /** Why the last load started by a write failed (sql.js did not load), or null. */
  private loadFailure: unknown = null;
  /** Bytes of history read from IndexedDB so far (diagnostics). */
  restoredBytes = 0;

  constructor(
    private readonly persistence: HistoryPersistence | null,
    private readonly loadSql: () => Promise<SqlJsStatic>,
    private readonly options: HistoryStoreOptions = DEFAULT_HISTORY_STORE_OPTIONS,
  ) {}

  /** A store that saves nothing, with sql.js at hand (tests, benchmarks). */
  static inMemory(SQL: SqlJsStatic): HistoryStore {
    const store = new HistoryStore(null, () => Promise.resolve(SQL));
    store.SQL = SQL;
    return store;
  }

  /** The saved snapshots (sql.js is not needed), and which clusters have a saved history. A
   * snapshot that no longer decodes (a protocol change) is skipped: the gateway sends a new one. */
  async restore(): Promise<SavedSnapshot[]> {
    if (!this.persistence) return [];
    const snapshotKeys = (await this.readCatalog()).filter((key) => parseKey(key)?.kind === 'snapshot');
    const saved: SavedSnapshot[] = [];
    for (const record of await this.persistence.snapshots(snapshotKeys)) {
      try {
        const message = decodeMessage(record.frame);
        if (message.type === 'snapshot' && message.snapshot.cluster === record.cluster) {
          const position = typeof record.position === 'number' ? { position: record.position } : {};
          saved.push({ gateway: record.gateway, label: record.label, level: message.level, snapshot: message.snapshot, ...position });
        }
      } catch {
        // An unreadable snapshot only costs a slower first paint.
      }
    }
    // In the gateway's order (records come in key order); those saved without a place last.
    return saved.sort((a, b) => (a.position ?? Number.MAX_SAFE_INTEGER) - (b.position ?? Number.MAX_SAFE_INTEGER));
  }

  private readCatalog(): Promise<IDBValidKey[]> {
    this.catalog ??= (async () => {
      const keys = this.persistence ? await this.persistence.keys() : [];
      for (const key of keys) {
        const parsed = parseKey(key);
        const cluster = parsed && keyOf(parsed.gateway, parsed.cluster);
        if (parsed?.kind === 'samples' && !this.histories.has(cluster!)) this.savedOnly.add(cluster!);
      }
      if (keys.includes(LEGACY_HISTORY_KEY)) void this.persistence?.remove([LEGACY_HISTORY_KEY]).catch(() => {});
      return keys;
    })();
    return this.catalog;
  }

  /** The cluster's history: loaded from its saved record, or new when there is none or it cannot
   * be read (the gateway sends the history again). Rejects only when sql.js cannot load. */
  load(gateway: string, cluster: string): Promise<ClusterHistory> {
    const key = keyOf(gateway, cluster);
    const held = this.histories.get(key);
    if (held) return Promise.resolve(held);
    let loading = this.loading.get(key);
    if (!loading) {
      loading = this.loadQueue
        .then(() => this.open(gateway, cluster))
        .catch((error: unknown) => {
          // sql.js did not load: the waiting writes can never land.
          this.pending.delete(key);
          throw error;
        })
        .finally(() => this.loading.delete(key));
      this.loading.set(key, loading);
      this.loadQueue = loading.catch(() => {});
    }
    return loading;
  }

  private async open(gateway: string, cluster: string): Promise<ClusterHistory> {
    const key = keyOf(gateway, cluster);
    const read = async () => {
      await this.readCatalog().catch(() => []);
      return this.savedOnly.has(key) && this.persistence ? this.persistence.samples(gateway, cluster).catch(() => null) : null;
    };
    const [SQL, bytes] = await Promise.all([this.loadSql(), read()]);
    this.SQL = SQL;
    const existing = this.histories.get(key);
    if (existing) return existing;
    let history = bytes ? ClusterHistory.open(SQL, bytes, gateway, cluster) : null;
    if (history) {
      this.restoredBytes += bytes!.length;
      this.savedVersion.set(key, history.version);
      this.savedAt.set(key, this.options.now());
    }
    history ??= ClusterHistory.create(SQL, gateway, cluster);
    this.savedOnly.delete(key);
    this.adopt(key, history);
    return history;
  }

  /** Holds a history from now on, after the writes that waited for it. */
  private adopt(key: string, history: ClusterHistory): void {
    this.histories.set(key, history);
    const waiting = this.pending.get(key) ?? [];
    this.pending.delete(key);
    for (const write of waiting) {
      try {
        write(history);
      } catch (error) {
        // Its frame was applied long ago and cannot be refused now; the rest still lands.
        console.warn('webstat worker: a history write that waited for sql.js failed', error);
      }
    }
  }

  /**
   * Whether the cluster can be followed before its history is loaded: true when no history of it
   * is saved (nothing to resume from; writes wait for sql.js, see `pending`). A saved history must
   * be loaded first: the hello names its newest sample, and frames write to it.
   */
  async followableBeforeLoad(gateway: string, cluster: string): Promise<boolean> {
    await this.readCatalog().catch(() => []);
    return !this.savedOnly.has(keyOf(gateway, cluster));
  }

  /** The history when the worker holds one (loading it if saved), else null: a query about a
   * cluster never seen makes nothing. */
  async find(gateway: string, cluster: string): Promise<ClusterHistory | null> {
    const key = keyOf(gateway, cluster);
    await this.readCatalog().catch(() => []);
    if (this.histories.has(key) || this.savedOnly.has(key) || this.loading.has(key)) return this.load(gateway, cluster);
    // The history that the gateway's blocks would have made cannot be: say why, not "empty".
    if (this.loadFailure !== null) {
      throw new WorkerFailure('storage-failed', `the history cannot be opened: ${String((this.loadFailure as Error)?.message ?? this.loadFailure)}`);
    }
    return null;
  }

  /**
   * Applies a write of the session to the cluster's history, now or, for a cluster with no saved
   * history while sql.js is still loading, once it is loaded (in order). A saved history still
   * loading here is a bug: the frame is refused (the connection resyncs) rather than starting an
   * empty history over the saved one.
   */
  private write(gateway: string, cluster: string, apply: (history: ClusterHistory) => void): void {
    const key = keyOf(gateway, cluster);
    const held = this.histories.get(key);
    if (held) return apply(held);
    if (this.savedOnly.has(key)) throw new WorkerFailure('storage-failed', `the history of ${cluster} is not loaded yet`);
    if (this.SQL) {
      this.adopt(key, ClusterHistory.create(this.SQL, gateway, cluster));
      return apply(this.histories.get(key)!);
    }
    const waiting = this.pending.get(key) ?? [];
    // Bounded: a worker whose sql.js never loads keeps the newest writes only.
    if (waiting.length >= MAX_PENDING_WRITES) waiting.shift();
    waiting.push(apply);
    this.pending.set(key, waiting);
    // The first write is what makes a history (and sql.js) needed; the load applies what waited.
    if (!this.loading.has(key)) this.load(gateway, cluster).catch((error: unknown) => (this.loadFailure = error));
  }

  /** The history if loaded, else null (no loading). */
  held(gateway: string, cluster: string): ClusterHistory | null {
    return this.histories.get(keyOf(gateway, cluster)) ?? null;
  }

  storedLevel(gateway: string, cluster: string): Level | null {
    return this.histories.get(keyOf(gateway, cluster))?.level() ?? null;
  }

  newestTime(gateway: string, cluster: string): number | null {
    return this.histories.get(keyOf(gateway, cluster))?.newestTime() ?? null;
  }

  addLiveSample(gateway: string, cluster: string, level: Level, sample: Sample, previousTime: number | null): void {
    this.write(gateway, cluster, (history) => history.addLiveSample(level, sample, previousTime));
  }

  addBlock(gateway: string, level: Level, block: HistoryBlock): void {
    this.write(gateway, block.cluster, (history) => history.addBlock(level, block));
  }

  /**
   * Writes the given snapshots and the histories that changed since their last save: all of them
   * when `all`, else those saved at least `historyEveryMs` ago or never.
   */
  async save(snapshots: readonly SavedSnapshot[], all: boolean): Promise<SaveReport> {
    const report: SaveReport = { snapshots: 0, histories: 0, bytes: 0, nextDue: null };
    if (!this.persistence) return report;
    const records: SnapshotRecord[] = [];
    for (const { gateway, label, level, snapshot, position } of snapshots) {
      // A snapshot with ten thousand jobs takes a while to encode: one at a time.
      if (records.length > 0) await yieldToOthers();
      const place = position === undefined ? {} : { position };
      records.push({ gateway, cluster: snapshot.cluster, label, level, frame: encodeMessage({ type: 'snapshot', level, snapshot }), ...place });
    }
    await this.persistence.saveSnapshots(records);
    report.snapshots = records.length;
    report.bytes += records.reduce((sum, record) => sum + record.frame.length, 0);
    for (const [key, history] of this.histories) {
      const version = history.version;
      if (this.savedVersion.get(key) === version) continue;
      const last = this.savedAt.get(key);
      const due = last === undefined ? 0 : last + this.options.historyEveryMs;
      if (!all && due > this.options.now()) {
        report.nextDue = report.nextDue === null ? due : Math.min(report.nextDue, due);
        continue;
      }
      if (report.histories > 0) await yieldToOthers();
      const bytes = history.export();
      await this.persistence.saveSamples(history.gateway, history.cluster, bytes);
      this.savedVersion.set(key, version);
      this.savedAt.set(key, this.options.now());
      report.histories += 1;
      report.bytes += bytes.length;
    }
    return report;
  }

  close(): void {
    for (const history of this.histories.values()) history.close();
    this.histories.clear();
  }
}
