import { expect } from '@open-wc/testing';
import { SyntheticCluster } from '../agent/simulator/synthetic-cluster.ts';
import { diff } from '../protocol/delta.ts';
import { decodeMessage, encodeMessage } from '../protocol/frame.ts';
import type { Message } from '../protocol/messages.ts';
import type { ClusterChange } from './api.ts';
import { GatewayConnection } from './gateway-connection.ts';
import { GatewaySession } from './gateway-session.ts';
import { HistoryStore } from './history-store.ts';
import { loadSqlJs } from './sqljs-loader.ts';

const GATEWAY = 'ws://gateway.test/ws';
/** Every message goes through the real codec, as it would over the socket. */
const wire = (message: Message): Message => decodeMessage(encodeMessage(message));

describe('gateway session (no socket; real codec and sql.js)', function () {
  // Simulated clusters take a while to make on a loaded machine; nothing here measures speed.
  this.timeout(60_000);
  let store: HistoryStore;
  let session: GatewaySession;
  const cluster = () => new SyntheticCluster({ name: 'alpha', jobs: 200, nodes: 20, users: 8, groups: 3 });

  beforeEach(async () => {
    store = HistoryStore.inMemory(await loadSqlJs());
    session = new GatewaySession(GATEWAY, store);
  });

  afterEach(() => store.close());

  it('follows each cluster once, at the highest level any subscriber wants', () => {
    const a = session.subscribe({ id: 'a', cluster: 'alpha', level: 'users', portId: 'p1', onChange: () => {} });
    const b = session.subscribe({ id: 'b', cluster: 'alpha', level: 'jobs', portId: 'p2', onChange: () => {} });
    const c = session.subscribe({ id: 'c', cluster: 'alpha', level: 'summary', portId: 'p2', onChange: () => {} });
    expect([a.changed, b.changed, c.changed]).to.deep.equal([true, true, false]);
    expect(session.hello('t').subscriptions).to.deep.equal([{ cluster: 'alpha', level: 'jobs', sinceSeq: null, historySince: null }]);
    expect(session.unsubscribe('b')).to.equal(true);
    expect(session.hello(null).subscriptions[0]!.level).to.equal('users');
    expect(session.subscriberIdsOfPort('p2')).to.deep.equal(['c']);
  });

  it('lists restored clusters until the welcome, which then decides, and saves each one\'s place in its list', () => {
    const alpha = cluster().snapshot();
    const beta = { ...new SyntheticCluster({ name: 'beta', jobs: 50, nodes: 5, users: 3, groups: 2 }).snapshot(), jobs: [] };
    session.restore('Beta', 'users', beta);
    session.restore('Alpha', 'jobs', alpha);
    expect(session.clusterInfos).to.deep.equal([
      { name: 'beta', label: 'Beta', level: 'users' },
      { name: 'alpha', label: 'Alpha', level: 'jobs' },
    ]);
    // A connection made now (no socket opened yet) lists them: a reloaded page draws its rows.
    expect(new GatewayConnection(GATEWAY, session).snapshotStatus().clusters.map((info) => info.name)).to.deep.equal(['beta', 'alpha']);
    session.receive(wire({ type: 'welcome', server: 'g', time: 0, clusters: [{ name: 'alpha', label: 'Alpha', level: 'jobs' }, { name: 'gamma', label: 'Gamma', level: 'users' }] }));
    expect(session.clusterInfos.map((info) => info.name)).to.deep.equal(['alpha', 'gamma']);
    session.receive(wire({ type: 'snapshot', level: 'jobs', snapshot: alpha }));
    expect(session.takeUnsaved().map((one) => [one.snapshot.cluster, one.position])).to.deep.equal([['alpha', 0]]);
  });

  it('resumes from what it holds: the hello names the seq and the newest sample', () => {
    session.subscribe({ id: 'a', cluster: 'alpha', level: 'jobs', portId: 'p', onChange: () => {} });
    const snapshot = cluster().snapshot();
    session.receive(wire({ type: 'welcome', server: 'g', time: 0, clusters: [{ name: 'alpha', label: 'Alpha', level: 'jobs' }] }));
    session.receive(wire({ type: 'snapshot', level: 'jobs', snapshot }));
    expect(session.hello(null).subscriptions).to.deep.equal([{ cluster: 'alpha', level: 'jobs', sinceSeq: snapshot.seq, historySince: snapshot.time }]);
  });

  it('gives the whole view first, then only what changed, and no job list below the jobs level', () => {
    const sim = cluster();
    const first = sim.snapshot();
    const seen: Record<string, ClusterChange[]> = { jobs: [], users: [] };
    session.receive(wire({ type: 'snapshot', level: 'jobs', snapshot: first }));
    session.subscribe({ id: 'j', cluster: 'alpha', level: 'jobs', portId: 'p', onChange: (c) => void seen.jobs!.push(c) });
    const initial = session.subscribe({ id: 'u', cluster: 'alpha', level: 'users', portId: 'p', onChange: (c) => void seen.users!.push(c) });
    expect(initial.initial!.jobs).to.deep.equal([]);
    sim.step();
    const next = sim.snapshot();
    session.receive(wire({ type: 'delta', delta: diff(first, next) }));
    expect(seen.jobs![0]!.jobs).to.deep.equal(next.jobs);
    expect(seen.jobs![0]!.scheduler).to.equal(undefined);
    expect(seen.users![0]!.jobs).to.deep.equal([]);
    expect(session.view('alpha')!.summary).to.deep.equal(next.summary);
  });

  it('refuses a delta that does not fit, and keeps the view and the history as they were', () => {
    const sim = cluster();
    const first = sim.snapshot();
    session.receive(wire({ type: 'snapshot', level: 'jobs', snapshot: first }));
    sim.step();
    sim.step();
    const later = sim.snapshot();
    const skipped = { ...diff(first, later), fromSeq: first.seq + 1 };
    const samples = () => store.held(GATEWAY, 'alpha')!.db.exec('SELECT count(*) FROM cluster_samples')[0]!.values[0]![0];
    const before = samples();
    let code: unknown = null;
    try {
      session.receive(wire({ type: 'delta', delta: skipped }));
    } catch (error) {
      code = (error as { code?: string }).code;
    }
    expect(code).to.equal('seq-mismatch');
    expect(session.view('alpha')!.seq).to.equal(first.seq);
    expect(samples()).to.equal(before);
  });

  it('tells subscribers of a status, even before any data, and refuses messages a gateway never sends', () => {
    const seen: ClusterChange[] = [];
    session.subscribe({ id: 'a', cluster: 'beta', level: 'users', portId: 'p', onChange: (c) => void seen.push(c) });
    const status = { health: 'unreachable' as const, code: 'timeout', message: 'no answer', lastOkAt: null, durationMs: null, outputBytes: null };
    session.receive(wire({ type: 'status', cluster: 'beta', seq: 0, time: 100, status }));
    expect(seen[0]!.status).to.deep.equal(status);
    let code: unknown = null;
    try {
      session.receive(wire({ type: 'agent-request', want: 'hello', sinceSeq: null }));
    } catch (error) {
      code = (error as { code?: string }).code;
    }
    expect(code).to.equal('unexpected-message');
  });
});
