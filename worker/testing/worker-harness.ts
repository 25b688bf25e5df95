/**
 * What the worker's browser tests share: workers of their own (a fresh name, hence a fresh
 * SharedWorker and IndexedDB database, closed and deleted after each test), the test gateway's
 * address, and comparisons with the gateway's own client.
 */
import { expect } from '@open-wc/testing';
import type { ClusterChange, ClusterView, ConnectionStatus, SeriesQuery } from '../api.ts';
import { connectWorker, disconnectWorker, proxy, type WorkerApi } from '../connect-worker.ts';
import type { Snapshot } from '../../protocol/model.ts';
import { eventually, testGateway, type GatewayInfo } from './gateway-control.ts';
import { referenceSeries } from './reference-series.ts';

export interface Harness {
  /** The gateway's WebSocket URL (set in `before`). */
  gateway: string;
  info: GatewayInfo;
  freshWorker(options?: { dedicated?: boolean; name?: string }): { api: WorkerApi; name: string };
  /** Workers made with freshWorker that the test closed itself. */
  forget(api: WorkerApi): void;
  follow(api: WorkerApi, cluster: string, level?: 'summary' | 'users' | 'jobs'): Promise<{ id: string; changes: ClusterChange[] }>;
  watch(api: WorkerApi): Promise<ConnectionStatus[]>;
  usersQuery(cluster: string, from: number, to: number, step: number, top: number): SeriesQuery;
}

/** Installs the hooks of a describe block and returns its harness. */
export function useWorkerHarness(): Harness {
  const opened: { api: WorkerApi; name: string }[] = [];
  const harness: Harness = {
    gateway: '',
    info: { url: '', accepted: 0, open: 0, pollSeconds: 1, token: '' },
    freshWorker(options = {}) {
      const name = options.name ?? `test-${crypto.randomUUID()}`;
      const api = connectWorker({ name, dedicated: options.dedicated ?? false });
      opened.push({ api, name });
      return { api, name };
    },
    forget(api) {
      const at = opened.findIndex((entry) => entry.api === api);
      if (at >= 0) opened.splice(at, 1);
    },
    async follow(api, cluster, level = 'jobs') {
      const changes: ClusterChange[] = [];
      const id = await api.subscribe(harness.gateway, cluster, level, proxy((change: ClusterChange) => void changes.push(change)));
      return { id, changes };
    },
    async watch(api) {
      const statuses: ConnectionStatus[] = [];
      await api.watchConnection(harness.gateway, proxy((status: ConnectionStatus) => void statuses.push(status)));
      return statuses;
    },
    usersQuery: (cluster, from, to, step, top) => ({ gateway: harness.gateway, cluster, groupBy: 'user', metric: 'cores', from, to, step, top }),
  };
  before(async () => {
    await testGateway.reset();
    harness.info = await testGateway.info();
    harness.gateway = harness.info.url;
  });
  afterEach(async () => {
    for (const { api, name } of opened.splice(0)) {
      await disconnectWorker(api);
      indexedDB.deleteDatabase(name);
    }
  });
  return harness;
}

type ViewData = Omit<ClusterView, 'label' | 'level'>;

function dataOfSnapshot(snapshot: Snapshot): ViewData {
  const { cluster, seq, time, scheduler, status, summary, nodes, queues, jobs } = snapshot;
  return { cluster, seq, time, scheduler, status, summary, nodes, queues, jobs };
}

function dataOf(view: ClusterView): ViewData {
  const { label: _label, level: _level, ...data } = view;
  return data;
}

/** The worker's view of a cluster equals what the gateway's own client decoded at the same seq. */
export async function expectSameAsGateway(view: ClusterView | null, cluster: string): Promise<void> {
  expect(view, `a view of ${cluster}`).to.not.equal(null);
  const reference = await eventually(() => testGateway.snapshot(cluster, view!.seq).catch(() => undefined), 10_000, `the reference at seq ${view!.seq}`);
  expect(dataOf(view!)).to.deep.equal(dataOfSnapshot(reference));
}

export const reached = (changes: ClusterChange[], seq: number) => changes.find((c) => c.seq >= seq);

/** A history block landed (a snapshot's change says `history` too, for its own live sample). */
export const historyArrived = (changes: ClusterChange[]) => changes.find((c) => c.history && c.summary === undefined);

/** Per-user running cores from the gateway's own samples, computed by the plain reference. */
export async function referenceUsers(cluster: string, from: number, to: number, step: number, top: number) {
  const points = await testGateway.points(cluster);
  return referenceSeries(
    points.map((p) => ({ time: p.time, step: p.step, values: new Map(p.users.map((u) => [u.name, u.coresRunning])) })),
    from,
    to,
    step,
    top,
  );
}
