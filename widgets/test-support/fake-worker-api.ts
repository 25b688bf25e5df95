/**
 * An in-page stand-in for the worker, for the elements' unit tests: views and series given by the
 * test, changes pushed when the test says, every call recorded. The same elements are tested
 * against the real SharedWorker and a real gateway in cluster-row.worker.test.ts and in
 * e2e/site-demo.test.ts.
 */
import type {
  ClusterChange,
  ClusterView,
  ConnectionStatus,
  SeriesQuery,
  SeriesResult,
  WebstatWorkerApi,
} from '../../worker/api.ts';
import type { Level } from '../../protocol/model.ts';

interface Subscription {
  gateway: string;
  cluster: string;
  level: Level;
  onChange: (change: ClusterChange) => void;
}

export class FakeWorkerApi implements WebstatWorkerApi {
  readonly views = new Map<string, ClusterView>();
  seriesAnswer: (query: SeriesQuery) => SeriesResult = (query) => ({ times: [query.from, query.to], series: [] });
  readonly calls: string[] = [];
  readonly seriesQueries: SeriesQuery[] = [];
  readonly subscriptions = new Map<string, Subscription>();
  readonly watches = new Map<string, (status: ConnectionStatus) => void>();
  connection: ConnectionStatus;
  /** When set, `series` answers only once it settles (a history still loading). */
  seriesGate: Promise<void> | null = null;
  /** When set, `connect` fails with this. */
  connectError: { code: string; message: string } | null = null;
  private nextId = 0;

  constructor(views: ClusterView[] = [], gateway = 'https://gateway.test') {
    for (const view of views) this.views.set(view.cluster, view);
    this.connection = {
      gateway,
      state: 'live',
      since: Date.now(),
      attempts: 0,
      badFrames: 0,
      lastError: null,
      clusters: views.map((view) => ({ name: view.cluster, label: view.label, level: view.level })),
    };
  }

  async connect(gateway: string, token: string | null): Promise<ConnectionStatus> {
    this.calls.push(`connect ${gateway} ${token}`);
    if (this.connectError) throw Object.assign(new Error(this.connectError.message), { code: this.connectError.code });
    return this.connection;
  }

  async subscribe(gateway: string, cluster: string, level: Level, onChange: (change: ClusterChange) => void): Promise<string> {
    const id = `s${++this.nextId}`;
    this.calls.push(`subscribe ${cluster} ${level}`);
    this.subscriptions.set(id, { gateway, cluster, level, onChange });
    const view = this.views.get(cluster);
    if (view) queueMicrotask(() => onChange(view));
    return id;
  }

  async unsubscribe(id: string): Promise<void> {
    this.calls.push(`unsubscribe ${this.subscriptions.get(id)?.cluster}`);
    this.subscriptions.delete(id);
  }

  async watchConnection(_gateway: string, onStatus: (status: ConnectionStatus) => void): Promise<string> {
    const id = `w${++this.nextId}`;
    this.watches.set(id, onStatus);
    queueMicrotask(() => onStatus(this.connection));
    return id;
  }

  async unwatchConnection(id: string): Promise<void> {
    this.watches.delete(id);
  }

  async cluster(_gateway: string, cluster: string): Promise<ClusterView | null> {
    return this.views.get(cluster) ?? null;
  }

  async series(query: SeriesQuery): Promise<SeriesResult> {
    this.seriesQueries.push(query);
    if (this.seriesGate) await this.seriesGate;
    return this.seriesAnswer(query);
  }

  async exportCsv(): Promise<string> {
    return '';
  }

  /** Sends a change to every subscriber of its cluster (and keeps the merged view). */
  push(change: ClusterChange): void {
    const { history: _history, ...parts } = change;
    const view = this.views.get(change.cluster);
    if (view) this.views.set(change.cluster, { ...view, ...parts });
    for (const subscription of this.subscriptions.values()) if (subscription.cluster === change.cluster) subscription.onChange(change);
  }

  /** Changes the connection's state and tells every watcher. */
  setConnection(next: Partial<ConnectionStatus>): void {
    this.connection = { ...this.connection, ...next };
    for (const watch of this.watches.values()) watch(this.connection);
  }
}
