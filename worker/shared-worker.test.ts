import { expect } from '@open-wc/testing';
import type { ClusterChange, ClusterView, ConnectionStatus, SeriesQuery } from './api.ts';
import { connectWorker, disconnectWorker, flushWorker, proxy, workerDiagnostics, type WorkerApi } from './connect-worker.ts';
import { createStore, get } from 'idb-keyval';
import { HISTORY_KEY } from './persistence.ts';
import type { WorkerDiagnostics } from './port-api.ts';
import { eventually, testGateway, type GatewayInfo } from './testing/gateway-control.ts';
import { referenceSeries, referenceTotal } from './testing/reference-series.ts';
import { openTestPage } from './testing/test-page.ts';
import type { Snapshot } from '../protocol/model.ts';

let gateway = '';
let info: GatewayInfo;
const opened: { api: WorkerApi; name: string }[] = [];

function freshWorker(options: { dedicated?: boolean; name?: string } = {}): { api: WorkerApi; name: string } {
  const name = options.name ?? `test-${crypto.randomUUID()}`;
  const api = connectWorker({ name, dedicated: options.dedicated ?? false });
  opened.push({ api, name });
  return { api, name };
}

type ViewData = Omit<ClusterView, 'label' | 'level'>;

function dataOfSnapshot(snapshot: Snapshot): ViewData {
  const { cluster, seq, time, scheduler, status, summary, nodes, queues, jobs } = snapshot;
  return { cluster, seq, time, scheduler, status, summary, nodes, queues, jobs };
}

function dataOf(view: ClusterView | null): ViewData | null {
  if (!view) return null;
  const { label: _label, level: _level, ...data } = view;
  return data;
}

/** The worker's view of a cluster equals what the gateway's own client decoded at the same seq. */
async function expectSameAsGateway(view: ClusterView | null, cluster: string): Promise<void> {
  expect(view, `a view of ${cluster}`).to.not.equal(null);
  const reference = await eventually(() => testGateway.snapshot(cluster, view!.seq).catch(() => undefined), 10_000, `the reference at seq ${view!.seq}`);
  expect(dataOf(view)).to.deep.equal(dataOfSnapshot(reference));
}

async function follow(api: WorkerApi, cluster: string, level: 'summary' | 'users' | 'jobs' = 'jobs') {
  const changes: ClusterChange[] = [];
  const id = await api.subscribe(gateway, cluster, level, proxy((change: ClusterChange) => void changes.push(change)));
  return { id, changes };
}

async function watch(api: WorkerApi) {
  const statuses: ConnectionStatus[] = [];
  await api.watchConnection(gateway, proxy((status: ConnectionStatus) => void statuses.push(status)));
  return statuses;
}

const reached = (changes: ClusterChange[], seq: number) => changes.find((c) => c.seq >= seq);
/** A history block landed (a snapshot's change says `history` too, for its own live sample). */
const historyArrived = (changes: ClusterChange[]) => changes.find((c) => c.history && c.summary === undefined);

function usersQuery(cluster: string, from: number, to: number, step: number, top: number): SeriesQuery {
  return { gateway, cluster, groupBy: 'user', metric: 'cores', from, to, step, top };
}

async function referenceUsers(cluster: string, from: number, to: number, step: number, top: number) {
  const points = await testGateway.points(cluster);
  return referenceSeries(
    points.map((p) => ({ time: p.time, step: p.step, values: new Map(p.users.map((u) => [u.name, u.coresRunning])) })),
    from,
    to,
    step,
    top,
  );
}

describe('the shared worker against a real gateway (real SharedWorker, WebSocket, sql.js, IndexedDB)', function () {
  this.timeout(120_000);

  before(async () => {
    await testGateway.reset();
    info = await testGateway.info();
    gateway = info.url;
  });

  afterEach(async () => {
    for (const { api, name } of opened.splice(0)) {
      await disconnectWorker(api);
      indexedDB.deleteDatabase(name);
    }
  });

  it('holds the snapshot the gateway holds, then follows its deltas with only what changed', async () => {
    const { api } = freshWorker();
    await api.connect(gateway, null);
    const { changes } = await follow(api, 'alpha');
    const first = await eventually(() => changes.find((c) => c.summary !== undefined), 20_000, 'the first view');
    expect(first.label).to.equal('Alpha (PBS Pro)');
    await expectSameAsGateway(await api.cluster(gateway, 'alpha'), 'alpha');

    const { seq } = await testGateway.step('alpha', 2);
    await eventually(() => reached(changes, seq), 20_000, `seq ${seq}`);
    await expectSameAsGateway(await api.cluster(gateway, 'alpha'), 'alpha');
    const update = changes.find((c) => c.seq > first.seq)!;
    expect(update.scheduler).to.equal(undefined);
    expect(update.summary ?? update.jobs ?? update.status).to.not.equal(undefined);
  });

  it('gives a subscriber below the jobs level no job list', async () => {
    const { api } = freshWorker();
    await api.connect(gateway, null);
    const { changes } = await follow(api, 'beta', 'users');
    const first = await eventually(() => changes.find((c) => c.summary !== undefined), 20_000, 'the first view');
    expect(first.jobs).to.deep.equal([]);
    expect(first.summary!.users.length).to.be.greaterThan(0);
  });

  it("answers series equal to a reference made from the gateway's own samples, live ones included", async () => {
    const { api } = freshWorker();
    await api.connect(gateway, null);
    const { changes } = await follow(api, 'alpha');
    await eventually(() => historyArrived(changes), 20_000, 'history');
    const { seq } = await testGateway.step('alpha', 2);
    await eventually(() => reached(changes, seq), 20_000, 'two more polls');
    const view = (await api.cluster(gateway, 'alpha'))!;
    await testGateway.snapshot('alpha', view.seq);
    const p = info.pollSeconds;
    const points = await testGateway.points('alpha');
    const from = Math.max(points[0]!.time, view.time - 300 * p);
    for (const [step, top] of [
      [p, 5],
      [5 * p, 3],
    ] as const) {
      const result = await api.series(usersQuery('alpha', from, view.time, step, top));
      const reference = await referenceUsers('alpha', from, view.time, step, top);
      expect(result.times).to.deep.equal(reference.times);
      expect(result.series).to.deep.equal(reference.series);
    }
    const csv = await api.exportCsv(usersQuery('alpha', from, view.time, 5 * p, 3));
    const names = (await referenceUsers('alpha', from, view.time, 5 * p, 3)).series.map((s) => s.name);
    expect(csv.split('\r\n')[0]).to.equal(['time', 'epoch', ...names].join(','));
  });

  it('shows an unreachable stretch as a gap', async () => {
    const { api } = freshWorker();
    await api.connect(gateway, null);
    const { changes } = await follow(api, 'beta');
    await eventually(() => historyArrived(changes), 20_000, 'history');
    const before = await testGateway.unreachable('beta');
    await eventually(() => changes.find((c) => c.status?.health === 'unreachable'), 20_000, 'the unreachable status');
    const after = await testGateway.step('beta', 2);
    await eventually(() => reached(changes, after.seq), 30_000, 'the polls after the gap');
    const p = info.pollSeconds;
    const from = before.time - 3 * p;
    const result = await api.series({ gateway, cluster: 'beta', groupBy: 'total', metric: 'cores', from, to: after.time, step: p, top: 0 });
    const points = await testGateway.points('beta');
    const reference = referenceTotal(points.map((point) => ({ time: point.time, step: point.step, value: point.coresUsed })), from, after.time, p);
    expect(result.series[0]!.values).to.deep.equal(reference);
    expect(reference.some((v) => v === null)).to.equal(true);
    expect(reference.at(-1)).to.not.equal(null);
  });

  it('reconnects after the network drops every connection, and resyncs', async () => {
    const { api } = freshWorker();
    const statuses = await watch(api);
    await api.connect(gateway, null);
    const { changes } = await follow(api, 'alpha');
    await eventually(() => statuses.find((s) => s.state === 'live'), 20_000, 'live');
    const dropped = await testGateway.drop();
    expect(dropped.dropped).to.be.greaterThan(0);
    await eventually(() => statuses.find((s) => s.state === 'reconnecting'), 10_000, 'reconnecting');
    await eventually(() => (statuses.at(-1)?.state === 'live' ? true : undefined), 20_000, 'live again');
    const { seq } = await testGateway.step('alpha', 1);
    await eventually(() => reached(changes, seq), 20_000, `seq ${seq} after the reconnect`);
    await expectSameAsGateway(await api.cluster(gateway, 'alpha'), 'alpha');
    const reconnecting = statuses.find((s) => s.state === 'reconnecting')!;
    expect(reconnecting.lastError?.code).to.equal('connection-lost');
    expect(reconnecting.attempts).to.be.greaterThan(0);
  });

  it('comes back by itself after a gateway restart, with what changed meanwhile', async () => {
    const { api } = freshWorker();
    const statuses = await watch(api);
    await api.connect(gateway, null);
    const { changes } = await follow(api, 'alpha');
    await eventually(() => statuses.find((s) => s.state === 'live'), 20_000, 'live');
    await testGateway.restart(1500);
    await eventually(() => statuses.find((s) => s.state === 'reconnecting'), 10_000, 'reconnecting');
    const { seq } = await testGateway.step('alpha', 2);
    await eventually(() => reached(changes, seq), 60_000, `seq ${seq} after the restart`);
    expect(statuses.at(-1)!.state).to.equal('live');
    expect(statuses.filter((s) => s.state === 'reconnecting').at(-1)!.attempts).to.be.greaterThan(0);
    await expectSameAsGateway(await api.cluster(gateway, 'alpha'), 'alpha');
  });

  it('counts a bad frame, reports its code, resyncs, and keeps the history intact', async () => {
    const { api } = freshWorker();
    const statuses = await watch(api);
    await api.connect(gateway, null);
    const { changes } = await follow(api, 'alpha');
    await eventually(() => historyArrived(changes), 20_000, 'history');
    const held = (await api.cluster(gateway, 'alpha'))!;
    const query = usersQuery('alpha', held.time - 100 * info.pollSeconds, held.time, info.pollSeconds, 0);
    const before = await api.series(query);
    await testGateway.badFrame();
    const bad = await eventually(() => statuses.find((s) => s.badFrames === 1), 10_000, 'the bad frame');
    expect(bad.lastError?.code).to.equal('unknown-stream');
    await eventually(() => (statuses.at(-1)?.state === 'live' && statuses.at(-1)!.badFrames === 1 ? true : undefined), 20_000, 'live again');
    expect(await api.series(query)).to.deep.equal(before);
    const { seq } = await testGateway.step('alpha', 1);
    await eventually(() => reached(changes, seq), 20_000, 'the next poll');
    await expectSameAsGateway(await api.cluster(gateway, 'alpha'), 'alpha');
  });

  it('serves two pages through one WebSocket', async () => {
    const name = `test-${crypto.randomUUID()}`;
    const before = await testGateway.info();
    const first = await openTestPage(name);
    const second = await openTestPage(name);
    try {
      await first.call('connect', gateway);
      await second.call('connect', gateway);
      await first.call('subscribe', gateway, 'alpha');
      await second.call('subscribe', gateway, 'alpha');
      await eventually(() => first.changes.find((c) => c.summary) && second.changes.find((c) => c.summary), 20_000, 'both views');
      const { seq } = await testGateway.step('alpha', 1);
      await eventually(() => reached(first.changes, seq) && reached(second.changes, seq), 20_000, 'both updates');
      expect((await testGateway.info()).accepted - before.accepted).to.equal(1);
      // A page that goes away takes its subscriptions along; the other page keeps getting updates.
      first.remove();
      const next = await testGateway.step('alpha', 1);
      await eventually(() => reached(second.changes, next.seq), 20_000, 'the update after one page left');
      expect((await testGateway.info()).accepted - before.accepted).to.equal(1);
    } finally {
      first.remove();
      second.remove();
      indexedDB.deleteDatabase(name);
    }
  });

  for (const how of ['an explicit flush', 'the debounced save'] as const) {
    it(`paints history and the last snapshot from IndexedDB after a restart, before any socket opens (saved by ${how})`, async () => {
      const name = `test-${crypto.randomUUID()}`;
      const first = await openTestPage(name);
      let seen: ClusterView | null = null;
      let series: unknown = null;
      let instance = '';
      const p = info.pollSeconds;
      try {
        instance = (await first.call<WorkerDiagnostics>('diagnostics')).instance;
        await first.call('connect', gateway);
        await first.call('subscribe', gateway, 'alpha');
        await eventually(() => historyArrived(first.changes), 20_000, 'history');
        seen = await first.call<ClusterView>('cluster', gateway, 'alpha');
        series = await first.call('series', usersQuery('alpha', seen.time - 120 * p, seen.time, 5 * p, 4));
        if (how === 'an explicit flush') await first.call('flush');
        // Saves follow changes after DEFAULT_SAVE_OPTIONS.delayMs; the last page's goodbye saves
        // too, but the browser may end the worker before that write lands, so it is not relied on.
        // Seen from here: the worker's database appears in IndexedDB without anyone asking.
        else await eventually(() => get(HISTORY_KEY, createStore(name, 'history')).then((saved) => (saved ? true : undefined)), 30_000, 'the debounced save');
      } finally {
        // The only page of this SharedWorker goes: the browser ends the worker.
        first.remove();
      }
      const accepted = (await testGateway.info()).accepted;
      // The browser may take a moment to end the old worker; a page that still finds it waits.
      const second = await eventually(
        async () => {
          const page = await openTestPage(name);
          if ((await page.call<WorkerDiagnostics>('diagnostics')).instance !== instance) return page;
          page.remove();
          await new Promise((resolve) => setTimeout(resolve, 200));
          return undefined;
        },
        15_000,
        'a new worker instance',
      );
      try {
        expect((await second.call<WorkerDiagnostics>('diagnostics')).restoredClusters).to.be.greaterThan(0);
        const restored = await second.call<ClusterView>('cluster', gateway, 'alpha');
        expect(restored.seq).to.be.at.least(seen!.seq);
        expect(restored.label).to.equal(seen!.label);
        await expectSameAsGateway(restored, 'alpha');
        expect(await second.call('series', usersQuery('alpha', seen!.time - 120 * p, seen!.time, 5 * p, 4))).to.deep.equal(series);
        expect((await testGateway.info()).accepted).to.equal(accepted);
      } finally {
        second.remove();
        indexedDB.deleteDatabase(name);
      }
    });
  }

  it('works the same in a dedicated Worker, and a new one restores what the last one saved', async () => {
    const { api, name } = freshWorker({ dedicated: true });
    await api.connect(gateway, null);
    const { changes } = await follow(api, 'beta');
    await eventually(() => historyArrived(changes), 20_000, 'history');
    const seen = (await api.cluster(gateway, 'beta'))!;
    await expectSameAsGateway(seen, 'beta');
    await flushWorker(api);
    await disconnectWorker(api);
    opened.splice(0);
    const accepted = (await testGateway.info()).accepted;
    const again = connectWorker({ name, dedicated: true });
    opened.push({ api: again, name });
    expect((await workerDiagnostics(again))!.restoredClusters).to.equal(1);
    const restored = (await again.cluster(gateway, 'beta'))!;
    expect(restored.seq).to.be.at.least(seen.seq);
    await expectSameAsGateway(restored, 'beta');
    expect((await testGateway.info()).accepted).to.equal(accepted);
  });

  it('refuses an unknown subscription id with its code', async () => {
    const { api } = freshWorker();
    let code: unknown = null;
    try {
      await api.unsubscribe('s-none');
    } catch (error) {
      code = (error as { code?: string }).code;
    }
    expect(code).to.equal('unknown-subscription');
  });
});
