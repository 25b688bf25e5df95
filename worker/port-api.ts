/**
 * What one port (one tab, or one frame) sees through comlink: WebstatWorkerApi, plus the few calls
 * connect-worker.ts makes for the port's own lifetime. Subscriptions and watches are remembered
 * with the port, so they end when the tab does, even when it never said goodbye.
 */
import type { WebstatWorkerApi, WorkerError } from './api.ts';
import type { WorkerHub } from './worker-hub.ts';
import { WorkerFailure } from './worker-error.ts';

export interface PortControl {
  /**
   * The page holds a Web Lock of this name for as long as it lives; when the worker gets the lock,
   * the page is gone (closed, navigated, crashed) and the port's subscriptions are dropped.
   */
  attach(lockName: string): Promise<void>;
  /** The page is going away (pagehide): drop the port now and save if it was the last. */
  goodbye(): Promise<void>;
  /** Saves the history to IndexedDB now. */
  flush(): Promise<void>;
  /** Which worker instance this is and what it restored at start (for tests and support). */
  diagnostics(): Promise<WorkerDiagnostics>;
}

export interface WorkerDiagnostics {
  /** A random id drawn when the worker started. */
  instance: string;
  /** Clusters whose last snapshot came back from IndexedDB at start. */
  restoredClusters: number;
  /** Bytes of history read from IndexedDB so far (histories load per cluster, when first shown). */
  restoredBytes: number;
  ports: number;
  /** Why the last save to IndexedDB failed (quota, a private window), or null. */
  lastSaveError: WorkerError | null;
}

export type PortApi = WebstatWorkerApi & PortControl;

export function createPortApi(hub: WorkerHub, portId: string, locks: LockManager | undefined): PortApi {
  hub.addPort(portId);
  return {
    connect: (gateway, token) => hub.connect(gateway, token),
    subscribe: (gateway, cluster, level, onChange) => hub.subscribe(portId, gateway, cluster, level, onChange),
    async unsubscribe(id) {
      if (!hub.release(id)) throw new WorkerFailure('unknown-subscription', `no subscription ${id}`);
    },
    watchConnection: (gateway, onStatus) => hub.watchConnection(portId, gateway, onStatus),
    async unwatchConnection(id) {
      if (!hub.release(id)) throw new WorkerFailure('unknown-subscription', `no watch ${id}`);
    },
    cluster: (gateway, cluster) => hub.cluster(gateway, cluster),
    series: (query) => hub.series(query),
    exportCsv: (query) => hub.exportCsv(query),
    async attach(lockName) {
      if (!locks) return;
      void locks.request(lockName, () => hub.dropPort(portId));
    },
    goodbye: () => hub.dropPort(portId),
    flush: () => hub.flush(),
    diagnostics: async () => hub.diagnostics(),
  };
}
