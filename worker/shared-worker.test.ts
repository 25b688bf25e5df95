import { expect } from '@open-wc/testing';
import type { ClusterChange, ClusterView, ConnectionStatus, SeriesQuery } from './api.ts';
import { connectWorker, disconnectWorker, flushWorker, proxy, type WorkerApi } from './connect-worker.ts';
import { eventually, testGateway } from './testing/gateway-control.ts';
import { referenceSeries } from './testing/reference-series.ts';
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
});
