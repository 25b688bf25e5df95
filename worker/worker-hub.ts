/**
 * Everything one worker holds, shared by all its ports (tabs): the history store, one session and
 * one connection per gateway, subscriptions and status watches with the port that made them, and
 * the saving of it all to IndexedDB.
 */
import type { ClusterChange, ClusterView, ConnectionStatus, SeriesQuery, SeriesResult } from './api.ts';
import { DEFAULT_CONNECTION_OPTIONS, GatewayConnection, type ConnectionOptions } from './gateway-connection.ts';
import { GatewaySession } from './gateway-session.ts';
import { gatewaySocketUrl } from './gateway-url.ts';
import { HistoryStore } from './history-store.ts';
import type { WorkerDiagnostics } from './port-api.ts';
import { HistoryPersistence, SaveScheduler, type SaveSchedulerOptions } from './persistence.ts';
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
  /** Base URL for gateways given as relative URLs (the worker's own origin). */
  base?: string;
}

export class WorkerHub {
  readonly ready: Promise<HistoryStore>;
  private store: HistoryStore | null = null;
  private readonly sessions = new Map<string, GatewaySession>();
  private readonly connections = new Map<string, GatewayConnection>();
  /** Subscription or watch id → gateway key and port. */
  private readonly handles = new Map<string, { gateway: string; portId: string; kind: 'subscription' | 'watch' }>();
  private readonly ports = new Set<string>();
  private readonly persistence: HistoryPersistence;
  private readonly saver: SaveScheduler;
  private nextId = 0;
  private readonly instance = crypto.randomUUID();
  private restoredClusters = 0;
  private restoredBytes = 0;

  constructor(private readonly options: HubOptions) {
    this.persistence = new HistoryPersistence(options.databaseName);
    this.saver = new SaveScheduler(() => this.save(), options.save);
    this.ready = this.init();
  }

  private async init(): Promise<HistoryStore> {
    const [SQL, saved] = await Promise.all([loadSqlJs(), this.persistence.load().catch(() => null)]);
    const store = HistoryStore.open(SQL, saved);
    this.store = store;
    this.restoredBytes = saved?.length ?? 0;
    for (const { gateway, label, level, snapshot } of store.loadSnapshots()) {
      this.session(gateway).restore(label, level, snapshot);
      this.restoredClusters += 1;
    }
    return store;
  }

  async diagnostics(): Promise<WorkerDiagnostics> {
    await this.ready;
    return {
      instance: this.instance,
      restoredClusters: this.restoredClusters,
      restoredBytes: this.restoredBytes,
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
        this.store!,
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
    await this.ready;
    this.saver.markDirty();
    await this.saver.flush();
  }

  private async save(): Promise<void> {
    const store = this.store!;
    for (const session of this.sessions.values()) {
      for (const { label, level, snapshot } of session.takeUnsaved()) store.saveSnapshot(session.gateway, label, level, snapshot);
    }
    await this.persistence.save(store.export());
  }

  networkOnline(): void {
    for (const connection of this.connections.values()) connection.networkOnline();
  }

  networkOffline(): void {
    for (const connection of this.connections.values()) connection.networkOffline();
  }

  async connect(gateway: string, token: string | null): Promise<ConnectionStatus> {
    await this.ready;
    const connection = this.connection(this.key(gateway));
    connection.start(token);
    return connection.snapshotStatus();
  }

  async subscribe(portId: string, gateway: string, cluster: string, level: Level, onChange: (change: ClusterChange) => unknown): Promise<string> {
    if (!LEVELS.includes(level)) throw new WorkerFailure('bad-query', `unknown level ${String(level)}`);
    await this.ready;
    const key = this.key(gateway);
    const id = `s${++this.nextId}`;
    const session = this.session(key);
    const { initial, changed } = session.subscribe({ id, cluster, level, portId, onChange });
    this.handles.set(id, { gateway: key, portId, kind: 'subscription' });
    if (initial) Promise.resolve(onChange(initial)).catch(() => {});
    const connection = this.connection(key);
    connection.start(null);
    if (changed) connection.subscriptionsChanged();
    return id;
  }

  async watchConnection(portId: string, gateway: string, onStatus: (status: ConnectionStatus) => unknown): Promise<string> {
    await this.ready;
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
    await this.ready;
    return this.sessions.get(this.key(gateway))?.view(cluster) ?? null;
  }

  async series(query: SeriesQuery): Promise<SeriesResult> {
    const store = await this.ready;
    return runSeriesQuery(store, { ...query, gateway: this.key(query.gateway) });
  }

  async exportCsv(query: SeriesQuery): Promise<string> {
    return seriesToCsv(await this.series(query));
  }
}

export const defaultHubOptions = (databaseName: string, base?: string): HubOptions => ({
  databaseName,
  connection: DEFAULT_CONNECTION_OPTIONS,
  ...(base ? { base } : {}),
});
