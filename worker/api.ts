/**
 * The worker's API as the widgets see it through comlink: types only. Widgets import this file
 * (`import type`) and nothing else of the worker; the worker implements `WebstatWorkerApi`.
 *
 * One worker (a SharedWorker where the browser has one) serves every widget of every tab of an
 * origin, and holds one WebSocket per gateway URL. Every call names its gateway by URL, so one
 * page may show rows from several gateways.
 */
import type { Dimension } from '../protocol/history.ts';
import type { ClusterInfo } from '../protocol/messages.ts';
import type { Job, Level, Node, Queue, SchedulerInfo, Status, Summary } from '../protocol/model.ts';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline';

export interface WorkerError {
  code: string;
  message: string;
}

export interface ConnectionStatus {
  gateway: string;
  state: ConnectionState;
  /** Epoch milliseconds since when the connection is in this state. */
  since: number;
  /** Reconnection attempts since the last time the connection was live. */
  attempts: number;
  /** Frames from the gateway that could not be decoded or applied, since the worker started. */
  badFrames: number;
  lastError: WorkerError | null;
  /** The clusters this connection may see, from the gateway's welcome (before it, those restored from IndexedDB). */
  clusters: ClusterInfo[];
}

/** Everything the worker knows of one cluster right now. */
export interface ClusterView {
  cluster: string;
  label: string;
  level: Level;
  seq: number;
  /** Epoch seconds of the data. */
  time: number;
  scheduler: SchedulerInfo;
  status: Status;
  summary: Summary;
  nodes: Node[];
  queues: Queue[];
  /** Empty below the `jobs` level. */
  jobs: Job[];
}

/** What changed in a cluster: the parts that did not change are absent (widgets keep theirs). */
export type ClusterChange = Pick<ClusterView, 'cluster' | 'seq' | 'time'> &
  Partial<Omit<ClusterView, 'cluster' | 'seq' | 'time'>> & {
    /** True when new history samples arrived: series queries may return more. */
    history?: boolean;
  };

export type SeriesMetric = 'cores' | 'gpus' | 'jobs';
export type SeriesState = 'running' | 'queued';

export interface SeriesQuery {
  gateway: string;
  cluster: string;
  /** `total` gives one series for the whole cluster. */
  groupBy: Dimension | 'total';
  metric: SeriesMetric;
  /** Running (default) or queued work. */
  state?: SeriesState;
  /** Epoch seconds, inclusive. */
  from: number;
  /** Epoch seconds, inclusive. */
  to: number;
  /** Seconds per point; samples inside a step are averaged. */
  step: number;
  /** The N largest series over the range; the rest are summed into `others`. */
  top: number;
}

export interface Series {
  name: string;
  /** One value per time; null where the cluster has no sample (a gap). */
  values: (number | null)[];
}

/** Columns ready for uPlot: `[times, ...series.map(s => s.values)]`. */
export interface SeriesResult {
  /** Epoch seconds, one per step from `from` to `to`. */
  times: number[];
  /** Largest first; `others` last when present. */
  series: Series[];
}

export interface WebstatWorkerApi {
  /** Opens (or reuses) the connection to a gateway. `token` null means the anonymous scope. */
  connect(gateway: string, token: string | null): Promise<ConnectionStatus>;
  /** Follows one cluster: `onChange` gets the whole view first, then only what changed. Returns an
   * id for `unsubscribe`. */
  subscribe(gateway: string, cluster: string, level: Level, onChange: (change: ClusterChange) => void): Promise<string>;
  unsubscribe(subscriptionId: string): Promise<void>;
  /** Called with every change of the connection's status (and once at once). Returns an id. */
  watchConnection(gateway: string, onStatus: (status: ConnectionStatus) => void): Promise<string>;
  unwatchConnection(watchId: string): Promise<void>;
  /** The current view of a cluster, or null when nothing is known yet. */
  cluster(gateway: string, cluster: string): Promise<ClusterView | null>;
  series(query: SeriesQuery): Promise<SeriesResult>;
  /** The same data as `series`, as CSV text (a header row, then one row per time). */
  exportCsv(query: SeriesQuery): Promise<string>;
}
