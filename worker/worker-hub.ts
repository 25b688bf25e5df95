/**
 * Everything one worker holds, shared by all its ports (tabs): the history store, one session and
 * one connection per gateway, subscriptions and status watches with the port that made them, and
 * the saving of it all to IndexedDB.
 */
import type { ClusterChange, ClusterView, ConnectionStatus, SeriesQuery, SeriesResult } from './api.ts';
import { DEFAULT_CONNECTION_OPTIONS, GatewayConnection, type ConnectionOptions } from './gateway-connection.ts';
import { GatewaySession } from './gateway-session.ts';
import { gatewaySocketUrl } from './gateway-url.ts';
import { HistoryStore, type HistoryStoreOptions, type SavedSnapshot } from './history-store.ts';
import type { WorkerDiagnostics } from './port-api.ts';
import { HistoryPersistence } from './persistence.ts';
import { SaveScheduler, type SaveSchedulerOptions } from './save-scheduler.ts';
import { seriesToCsv } from './series-csv.ts';
import { runSeriesQuery } from './series-query.ts';
import { loadSqlJs } from './sqljs-loader.ts';
import { toWorkerError, WorkerFailure } from './worker-error.ts';
import { LEVELS, type Level } from '../protocol/model.ts';

export interface HubOptions {
  /** IndexedDB database name (the worker's name: tests use their own). */
  databaseName: string;
  connection: ConnectionOptions;
  save?: SaveSchedulerOptions;
  history?: HistoryStoreOptions;
  /** Base URL for gateways given as relative URLs (the worker's own origin). */
  base?: string;
}

export class WorkerHub {
  /** Settles once the saved snapshots are back; histories load per cluster, when first needed. */
  private readonly restored: Promise<void>;
  private readonly store: HistoryStore;
  private readonly sessions = new Map<string, GatewaySession>();
  private readonly connections = new Map<string, GatewayConnection>();
  /** Subscription or watch id → gateway key and port. */
  private readonly handles = new Map<string, { gateway: string; portId: string; kind: 'subscription' | 'watch' }>();
  private readonly ports = new Set<string>();
  private readonly saver: SaveScheduler;
  private nextId = 0;
  private readonly instance = crypto.randomUUID();
  private restoredClusters = 0;

  constructor(private readonly options: HubOptions) {
    this.store = new HistoryStore(new HistoryPersistence(options.databaseName), loadSqlJs, options.history);
    this.saver = new SaveScheduler((all) => this.save(all), options.save);
    this.restored = this.restore();
  }

  private async restore(): Promise<void> {
    // Nothing saved can be read (a private window, storage cleared): start empty.
    const saved = await this.store.restore().catch((): SavedSnapshot[] => []);
    for (const { gateway, label, level, snapshot } of saved) {
      this.session(gateway).restore(label, level, snapshot);
      this.restoredClusters += 1;
    }
  }

  async diagnostics(): Promise<WorkerDiagnostics> {
    await this.restored;
    return {
      instance: this.instance,
      restoredClusters: this.restoredClusters,
      restoredBytes: this.store.restoredBytes,
      ports: this.ports.size,
      lastSaveError: this.saver.lastError === null ? null : { ...toWorkerError(this.saver.lastError), code: 'storage-failed' },
    };
  }

  private key(gateway: string): string {
    try {
      return gatewaySocketUrl(gateway, this.options.base);
    } catch {
      throw new WorkerFailure('bad-query', `not a gateway URL: ${gateway}`);
    }
  }

  private session(key: string): GatewaySession {
    let session = this.sessions.get(key);
    if (!session) {
      session = new GatewaySession(
        key,
        this.store,
        (error) => console.warn('webstat worker:', toWorkerError(error)),
        // Every applied frame may change history or a snapshot: save, debounced.
        () => this.saver.markDirty(),
      );
      this.sessions.set(key, session);
    }
    return session;
  }

  private connection(key: string): GatewayConnection {
    let connection = this.connections.get(key);
    if (!connection) {
      const session = this.session(key);
      const options: ConnectionOptions = { ...this.options.connection };
      connection = new GatewayConnection(key, session, options);
      this.connections.set(key, connection);
    }
    return connection;
  }

  addPort(portId: string): void {
    this.ports.add(portId);
  }

  /**
   * A tab went away: its subscriptions and watches go with it. With the last one gone the worker
   * saves at once and closes its sockets (a SharedWorker outlives a port that said goodbye as long
   * as the page that made it lives); a new port reconnects through `connect`.
   */
  async dropPort(portId: string): Promise<void> {
    if (!this.ports.delete(portId)) return;
    for (const [id, handle] of [...this.handles]) if (handle.portId === portId) this.release(id);
    if (this.ports.size > 0) return;
    for (const connection of this.connections.values()) connection.close();
    this.connections.clear();
    await this.flush();
  }

  async flush(): Promise<void> {
    await this.restored;
    await this.saver.flush();
  }

  /** Saves the snapshots that changed and the histories due (all that changed with `all`);
   * returns when a history left for later is due. */
  private async save(all: boolean): Promise<number | null> {
    const taken: { session: GatewaySession; saved: SavedSnapshot }[] = [];
    for (const session of this.sessions.values()) {
      for (const one of session.takeUnsaved()) taken.push({ session, saved: { gateway: session.gateway, ...one } });
    }
    try {
      return (await this.store.save(taken.map((one) => one.saved), all)).nextDue;
    } catch (error) {
      // Kept for the next save.
      for (const { session, saved } of taken) session.unsaved.add(saved.snapshot.cluster);
      throw error;
    }
  }

  networkOnline(): void {
    for (const connection of this.connections.values()) connection.networkOnline();
  }

  networkOffline(): void {
    for (const connection of this.connections.values()) connection.networkOffline();
  }

  async connect(gateway: string, token: string | null): Promise<ConnectionStatus> {
    await this.restored;
    const connection = this.connection(this.key(gateway));
    connection.start(token);
    return connection.snapshotStatus();
  }

  async subscribe(portId: string, gateway: string, cluster: string, level: Level, onChange: (change: ClusterChange) => unknown): Promise<string> {
    if (!LEVELS.includes(level)) throw new WorkerFailure('bad-query', `unknown level ${String(level)}`);
    await this.restored;
    const key = this.key(gateway);
    const session = this.session(key);
    const deliver = (change: ClusterChange) => void Promise.resolve(onChange(change)).catch(() => {});
    // The saved snapshot paints at once. A cluster with a saved history is followed only once that
    // history is loaded: the hello names the newest sample held, and every frame writes to it. A
    // cluster without one is followed at once (a cold page paints from the gateway's first
    // snapshot without waiting for sql.js); its history writes wait for sql.js in order.
    const early = session.initialChange(cluster, level);
    if (early) deliver(early);
    if (!(await this.store.followableBeforeLoad(key, cluster))) {
      // The other rows' subscriptions, sent with this one, deliver their saved snapshots before
      // sql.js and the first history take the worker's thread: a reload paints every row first.
      await new Promise((resolve) => setTimeout(resolve, 0));
      await this.store.load(key, cluster).catch((error: unknown) => {
        throw new WorkerFailure('storage-failed', `the history cannot be opened: ${toWorkerError(error).message}`);
      });
    }
    // Otherwise the history is made by the first block or sample the gateway sends (history-store
    // `write`), and queries about this cluster answer empty until then.
    const id = `s${++this.nextId}`;
    const { initial, changed } = session.subscribe({ id, cluster, level, portId, onChange });
    this.handles.set(id, { gateway: key, portId, kind: 'subscription' });
    // Frames that came while the history loaded went to other subscribers: catch up.
    if (initial && !sameView(early, initial)) deliver(initial);
    const connection = this.connection(key);
    connection.start(null);
    if (changed) connection.subscriptionsChanged();
    return id;
  }

  async watchConnection(portId: string, gateway: string, onStatus: (status: ConnectionStatus) => unknown): Promise<string> {
    await this.restored;
    const key = this.key(gateway);
    const id = `w${++this.nextId}`;
    this.handles.set(id, { gateway: key, portId, kind: 'watch' });
    this.connection(key).watch(id, onStatus);
    return id;
  }

  /** Ends a subscription or a watch; false when the id is unknown. */
  release(id: string): boolean {
    const handle = this.handles.get(id);
    if (!handle) return false;
    this.handles.delete(id);
    if (handle.kind === 'watch') return this.connections.get(handle.gateway)?.unwatch(id) ?? false;
    const session = this.sessions.get(handle.gateway);
    if (session?.unsubscribe(id)) this.connections.get(handle.gateway)?.subscriptionsChanged();
    return true;
  }

  async cluster(gateway: string, cluster: string): Promise<ClusterView | null> {
    await this.restored;
    return this.sessions.get(this.key(gateway))?.view(cluster) ?? null;
  }

  async series(query: SeriesQuery): Promise<SeriesResult> {
    const key = this.key(query.gateway);
    await this.restored;
    return runSeriesQuery(await this.store.find(key, query.cluster), { ...query, gateway: key });
  }

  async exportCsv(query: SeriesQuery): Promise<string> {
    return seriesToCsv(await this.series(query));
  }
}

/** The same view (nothing happened between the two). */
function sameView(a: ClusterChange | null, b: ClusterChange): boolean {
  return a !== null && a.seq === b.seq && a.time === b.time && a.status === b.status && a.label === b.label;
}

export const defaultHubOptions = (databaseName: string, base?: string): HubOptions => ({
  databaseName,
  connection: DEFAULT_CONNECTION_OPTIONS,
  ...(base ? { base } : {}),
});
