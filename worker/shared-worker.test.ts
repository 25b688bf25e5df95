import { expect } from '@open-wc/testing';
import type { ClusterChange, ClusterView, ConnectionStatus, SeriesQuery } from './api.ts';
import { connectWorker, disconnectWorker, flushWorker, proxy, workerDiagnostics, type WorkerApi } from './connect-worker.ts';
import type { WorkerDiagnostics } from './port-api.ts';
import { DEFAULT_SAVE_OPTIONS } from './persistence.ts';
import { eventually, testGateway } from './testing/gateway-control.ts';
import { referenceSeries } from './testing/reference-series.ts';
import { openTestPage } from './testing/test-page.ts';
import type { Snapshot } from '../protocol/model.ts';

let gateway = '';
const opened: { api: WorkerApi; name: string }[] = [];

function freshWorker(options: { dedicated?: boolean; name?: string } = {}): { api: WorkerApi; name: string } {
  const name = options.name ?? `test-${crypto.randomUUID()}`;
  const api = connectWorker({ name, dedicated: options.dedicated ?? false });
  opened.push({ api, name });
  return { api, name };
}

function viewOf(snapshot: Snapshot): Omit<ClusterView, 'label' | 'level'> {
  const { cluster, seq, time, scheduler, status, summary, nodes, queues, jobs } = snapshot;
  return { cluster, seq, time, scheduler, status, summary, nodes, queues, jobs };
}

function dataOf(view: ClusterView | null): Omit<ClusterView, 'label' | 'level'> | null {
  if (!view) return null;
  const { label: _label, level: _level, ...data } = view;
  return data;
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

function usersQuery(from: number, to: number, step = 60, top = 5): SeriesQuery {
  return { gateway, cluster: 'alpha', groupBy: 'user', metric: 'cores', from, to, step, top };
}

async function referenceOf(cluster: string, from: number, to: number, step: number, top: number) {
  const samples = await testGateway.samples(cluster);
  return referenceSeries(
    samples.map((s) => ({ time: s.time, step: 60, values: new Map(s.summary.users.map((u) => [u.name, u.coresRunning])) })),
    from,
    to,
    step,
    top,
  );
}

describe('the shared worker against a real gateway (real SharedWorker, WebSocket, sql.js, IndexedDB)', function () {
  this.timeout(60_000);

  before(async () => {
    await testGateway.reset();
    gateway = (await testGateway.info()).url;
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
    const first = await eventually(() => changes.find((c) => c.summary !== undefined), 10_000, 'the first view');
    const expected = await testGateway.snapshot('alpha');
    expect(first.seq).to.equal(expected.seq);
    expect(dataOf(await api.cluster(gateway, 'alpha'))).to.deep.equal(viewOf(expected));
    expect(first.label).to.equal('Alpha (PBS Pro)');

    const { seq } = await testGateway.step('alpha', 3);
    await eventually(() => changes.find((c) => c.seq === seq), 10_000, `seq ${seq}`);
    expect(dataOf(await api.cluster(gateway, 'alpha'))).to.deep.equal(viewOf(await testGateway.snapshot('alpha')));
    const update = changes.find((c) => c.seq === seq)!;
    expect(update.scheduler).to.equal(undefined);
    expect(update.summary).to.not.equal(undefined);
  });

  it('gives a subscriber below the jobs level no job list', async () => {
    const { api } = freshWorker();
    await api.connect(gateway, null);
    const { changes } = await follow(api, 'beta', 'users');
    const first = await eventually(() => changes.find((c) => c.summary !== undefined), 10_000, 'the first view');
    expect(first.jobs).to.deep.equal([]);
    expect(first.summary!.users.length).to.be.greaterThan(0);
  });

  it('answers series equal to a reference made from the gateway\'s own samples, live ones included', async () => {
    const { api } = freshWorker();
    await api.connect(gateway, null);
    const { changes } = await follow(api, 'alpha');
    await eventually(() => changes.find((c) => c.history), 10_000, 'history');
    await testGateway.step('alpha', 2);
    const last = await testGateway.snapshot('alpha');
    await eventually(() => changes.find((c) => c.seq === last.seq), 10_000, 'the last poll');
    const samples = await testGateway.samples('alpha');
    const from = samples[0]!.time;
    for (const [step, top] of [
      [60, 5],
      [300, 3],
    ] as const) {
      const result = await api.series(usersQuery(from, last.time, step, top));
      const reference = await referenceOf('alpha', from, last.time, step, top);
      expect(result.times).to.deep.equal(reference.times);
      expect(result.series).to.deep.equal(reference.series);
    }
    const csv = await api.exportCsv(usersQuery(from, last.time, 300, 3));
    expect(csv.split('\r\n')[0]).to.equal(['time', 'epoch', ...(await referenceOf('alpha', from, last.time, 300, 3)).series.map((s) => s.name)].join(','));
  });

  it('shows an unreachable stretch as a gap', async () => {
    const { api } = freshWorker();
    await api.connect(gateway, null);
    const { changes } = await follow(api, 'beta');
    await eventually(() => changes.find((c) => c.history), 10_000, 'history');
    const before = await testGateway.snapshot('beta');
    await testGateway.step('beta', 5, true);
    await eventually(() => changes.find((c) => c.status?.health === 'unreachable'), 10_000, 'the unreachable status');
    const { seq, time } = await testGateway.step('beta', 1);
    await eventually(() => changes.find((c) => c.seq === seq), 10_000, 'the poll after the gap');
    const result = await api.series({ gateway, cluster: 'beta', groupBy: 'total', metric: 'cores', from: before.time, to: time, step: 60, top: 0 });
    expect(result.series[0]!.values.map((v) => v === null)).to.deep.equal([false, true, true, true, true, true, false]);
  });

  it('reconnects after the gateway drops every connection, and resyncs', async () => {
    const { api } = freshWorker();
    const statuses = await watch(api);
    await api.connect(gateway, null);
    const { changes } = await follow(api, 'alpha');
    await eventually(() => statuses.find((s) => s.state === 'live'), 10_000, 'live');
    const dropped = await testGateway.drop();
    expect(dropped.dropped).to.be.greaterThan(0);
    await eventually(() => statuses.find((s) => s.state === 'reconnecting'), 10_000, 'reconnecting');
    await eventually(() => (statuses.at(-1)?.state === 'live' ? true : undefined), 10_000, 'live again');
    const { seq } = await testGateway.step('alpha', 1);
    await eventually(() => changes.find((c) => c.seq === seq), 10_000, `seq ${seq} after the reconnect`);
    expect(dataOf(await api.cluster(gateway, 'alpha'))).to.deep.equal(viewOf(await testGateway.snapshot('alpha')));
    const reconnecting = statuses.find((s) => s.state === 'reconnecting')!;
    expect(reconnecting.lastError?.code).to.equal('connection-lost');
    expect(reconnecting.attempts).to.be.greaterThan(0);
  });

  it('comes back by itself after a gateway restart, with what changed meanwhile', async () => {
    const { api } = freshWorker();
    const statuses = await watch(api);
    await api.connect(gateway, null);
    const { changes } = await follow(api, 'alpha');
    await eventually(() => statuses.find((s) => s.state === 'live'), 10_000, 'live');
    await testGateway.restart(1500);
    await eventually(() => statuses.find((s) => s.state === 'reconnecting'), 10_000, 'reconnecting');
    const { seq } = await testGateway.step('alpha', 2);
    await eventually(() => changes.find((c) => c.seq === seq), 20_000, `seq ${seq} after the restart`);
    expect(statuses.at(-1)!.state).to.equal('live');
    expect(statuses.filter((s) => s.state === 'reconnecting').at(-1)!.attempts).to.be.greaterThan(0);
    expect(dataOf(await api.cluster(gateway, 'alpha'))).to.deep.equal(viewOf(await testGateway.snapshot('alpha')));
  });

  it('counts a bad frame, reports its code, resyncs, and keeps the history intact', async () => {
    const { api } = freshWorker();
    const statuses = await watch(api);
    await api.connect(gateway, null);
    const { changes } = await follow(api, 'alpha');
    await eventually(() => changes.find((c) => c.history), 10_000, 'history');
    const held = await api.cluster(gateway, 'alpha');
    const query = usersQuery(held!.time - 3600, held!.time, 60, 0);
    const before = await api.series(query);
    await testGateway.badFrame();
    const bad = await eventually(() => statuses.find((s) => s.badFrames === 1), 10_000, 'the bad frame');
    expect(bad.lastError?.code).to.equal('unknown-stream');
    await eventually(() => (statuses.at(-1)?.state === 'live' && statuses.at(-1)!.badFrames === 1 ? true : undefined), 10_000, 'live again');
    expect(await api.series(query)).to.deep.equal(before);
    const { seq } = await testGateway.step('alpha', 1);
    await eventually(() => changes.find((c) => c.seq === seq), 10_000, 'the next poll');
    expect(dataOf(await api.cluster(gateway, 'alpha'))).to.deep.equal(viewOf(await testGateway.snapshot('alpha')));
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
      await eventually(() => first.changes.find((c) => c.summary) && second.changes.find((c) => c.summary), 10_000, 'both views');
      const { seq } = await testGateway.step('alpha', 1);
      await eventually(() => first.changes.find((c) => c.seq === seq) && second.changes.find((c) => c.seq === seq), 10_000, 'both updates');
      const after = await testGateway.info();
      expect(after.accepted - before.accepted).to.equal(1);
      // A page that goes away takes its subscriptions along; the other page keeps getting updates.
      first.remove();
      const next = await testGateway.step('alpha', 1);
      await eventually(() => second.changes.find((c) => c.seq === next.seq), 10_000, 'the update after one page left');
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
      try {
        instance = (await first.call<WorkerDiagnostics>('diagnostics')).instance;
        await first.call('connect', gateway);
        await first.call('subscribe', gateway, 'alpha');
        await eventually(() => first.changes.find((c) => c.history), 10_000, 'history');
        seen = await first.call<ClusterView>('cluster', gateway, 'alpha');
        series = await first.call('series', usersQuery(seen.time - 7200, seen.time, 300, 4));
        if (how === 'an explicit flush') await first.call('flush');
        // Saves follow changes within DEFAULT_SAVE_OPTIONS.delayMs; the last page's goodbye saves
        // too, but the browser may end the worker before that write lands, so it is not relied on.
        else await new Promise((resolve) => setTimeout(resolve, DEFAULT_SAVE_OPTIONS.delayMs + 1000));
      } finally {
        // The only page of this SharedWorker goes: the browser ends the worker.
        first.remove();
      }
      const accepted = (await testGateway.info()).accepted;
      // The browser may take a moment to end the old worker; a page that still finds it waits.
      const second = await eventually(async () => {
        const page = await openTestPage(name);
        if ((await page.call<WorkerDiagnostics>('diagnostics')).instance !== instance) return page;
        page.remove();
        await new Promise((resolve) => setTimeout(resolve, 200));
        return undefined;
      }, 15_000, 'a new worker instance');
      try {
        const diagnostics = await second.call<WorkerDiagnostics>('diagnostics');
        expect(diagnostics.restoredClusters).to.be.greaterThan(0);
        const restored = await second.call<ClusterView>('cluster', gateway, 'alpha');
        expect(restored).to.deep.equal(seen);
        expect(await second.call('series', usersQuery(seen!.time - 7200, seen!.time, 300, 4))).to.deep.equal(series);
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
    await eventually(() => changes.find((c) => c.history), 10_000, 'history');
    const seen = await api.cluster(gateway, 'beta');
    expect(dataOf(seen)).to.deep.equal(viewOf(await testGateway.snapshot('beta')));
    await flushWorker(api);
    await disconnectWorker(api);
    opened.splice(0);
    const again = connectWorker({ name, dedicated: true });
    opened.push({ api: again, name });
    expect((await workerDiagnostics(again))!.restoredClusters).to.equal(1);
    expect(await again.cluster(gateway, 'beta')).to.deep.equal(seen);
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
