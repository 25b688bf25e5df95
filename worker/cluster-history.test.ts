import { expect } from '@open-wc/testing';
import { SyntheticCluster } from '../agent/simulator/synthetic-cluster.ts';
import type { Snapshot } from '../protocol/model.ts';
import { ClusterHistory } from './cluster-history.ts';
import { sampleOfSnapshot } from './samples.ts';
import { RETENTION } from './retention.ts';
import { seriesToCsv } from './series-csv.ts';
import { runSeriesQuery } from './series-query.ts';
import { loadSqlJs } from './sqljs-loader.ts';
import { blockOf, type RecordedSample } from './testing/history-block.ts';
import { referenceSeries, type ReferenceSample } from './testing/reference-series.ts';
import type { SeriesQuery } from './api.ts';

const GATEWAY = 'ws://gateway.test/ws';
const INTERVAL = 60;

function simulate(polls: number, start: number, name = 'alpha'): Snapshot[] {
  const cluster = new SyntheticCluster({ name, seed: 7, jobs: 300, nodes: 30, users: 12, groups: 4, interval: INTERVAL, start });
  const snapshots: Snapshot[] = [];
  for (let i = 0; i < polls; i++) {
    snapshots.push(cluster.snapshot());
    cluster.step();
  }
  return snapshots;
}

const recorded = (snapshots: Snapshot[]): RecordedSample[] => snapshots.map((s) => ({ time: s.time, summary: s.summary }));

function usersCores(snapshots: Snapshot[], step = INTERVAL): ReferenceSample[] {
  return snapshots.map((s) => ({ time: s.time, step, values: new Map(s.summary.users.map((u) => [u.name, u.coresRunning])) }));
}

function query(overrides: Partial<SeriesQuery>): SeriesQuery {
  return { gateway: GATEWAY, cluster: 'alpha', groupBy: 'user', metric: 'cores', from: 0, to: 0, step: INTERVAL, top: 5, ...overrides };
}

describe('a cluster history and its series queries (real sql.js)', function () {
  // Simulated clusters take a while to make on a loaded machine; nothing here measures speed.
  this.timeout(60_000);
  let store: ClusterHistory;

  beforeEach(async () => {
    store = ClusterHistory.create(await loadSqlJs(), GATEWAY, 'alpha');
  });

  afterEach(() => store.close());

  it('returns per-user series equal to a reference computed from the same snapshots', () => {
    const snapshots = simulate(180, 1_800_000_000);
    store.addBlock('users', blockOf('alpha', INTERVAL, recorded(snapshots)));
    const from = snapshots[0]!.time;
    const to = snapshots.at(-1)!.time;
    for (const step of [60, 300, 900]) {
      const result = runSeriesQuery(store, query({ from, to, step, top: 4 }));
      const reference = referenceSeries(usersCores(snapshots), from, to, step, 4);
      expect(result.times).to.deep.equal(reference.times);
      expect(result.series).to.deep.equal(reference.series);
      expect(result.series.at(-1)!.name).to.equal('others');
    }
  });

  it('answers group, queue, queued and gpus series from the same samples', () => {
    const snapshots = simulate(60, 1_800_000_000);
    store.addBlock('users', blockOf('alpha', INTERVAL, recorded(snapshots)));
    const from = snapshots[0]!.time;
    const to = snapshots.at(-1)!.time;
    const groups = snapshots.map((s) => ({ time: s.time, step: INTERVAL, values: new Map(s.summary.groups.map((g) => [g.name, g.coresQueued])) }));
    expect(runSeriesQuery(store, query({ groupBy: 'group', state: 'queued', from, to, top: 0 })).series).to.deep.equal(
      referenceSeries(groups, from, to, INTERVAL, 0).series,
    );
    const queues = snapshots.map((s) => ({ time: s.time, step: INTERVAL, values: new Map(s.summary.queues.map((q) => [q.name, q.jobsRunning])) }));
    expect(runSeriesQuery(store, query({ groupBy: 'queue', metric: 'jobs', from, to, step: 300, top: 2 })).series).to.deep.equal(
      referenceSeries(queues, from, to, 300, 2).series,
    );
    const total = runSeriesQuery(store, query({ groupBy: 'total', metric: 'cores', from, to }));
    expect(total.series[0]!.values).to.deep.equal(snapshots.map((s) => s.summary.coresUsed));
  });

  it('shows a stretch without samples as a gap (null), never as 0', () => {
    const snapshots = simulate(90, 1_800_000_000);
    const kept = [...snapshots.slice(0, 30), ...snapshots.slice(45)];
    store.addBlock('users', blockOf('alpha', INTERVAL, recorded(kept)));
    const from = snapshots[0]!.time;
    const to = snapshots.at(-1)!.time;
    const result = runSeriesQuery(store, query({ groupBy: 'total', from, to }));
    const values = result.series[0]!.values;
    expect(values.slice(31, 45).every((v) => v === null)).to.equal(true);
    expect(values[29]).to.equal(snapshots[29]!.summary.coresUsed);
    expect(values[45]).to.equal(snapshots[45]!.summary.coresUsed);
    const users = runSeriesQuery(store, query({ from, to }));
    for (const series of users.series) expect(series.values.slice(31, 45).every((v) => v === null)).to.equal(true);
    expect(users.series).to.deep.equal(referenceSeries(usersCores(kept), from, to, INTERVAL, 5).series);
  });

  it('lets a 5-minute mean stand for the 1-minute steps it covers', () => {
    const snapshots = simulate(12, 1_800_000_000).map((s, i) => ({ ...s, time: 1_800_000_000 + i * 300 }));
    store.addBlock('users', blockOf('alpha', 300, recorded(snapshots)));
    const from = snapshots[0]!.time;
    const to = snapshots.at(-1)!.time + 240;
    const result = runSeriesQuery(store, query({ groupBy: 'total', from, to }));
    expect(result.series[0]!.values.every((v) => v !== null)).to.equal(true);
    expect(result.series[0]!.values.slice(0, 5)).to.deep.equal(Array(5).fill(snapshots[0]!.summary.coresUsed));
    expect(runSeriesQuery(store, query({ from, to, top: 3 })).series).to.deep.equal(
      referenceSeries(usersCores(snapshots, 300), from, to, INTERVAL, 3).series,
    );
  });

  it('lets a sample before the range fill its first steps when it reaches them, and no further', () => {
    const snapshots = simulate(12, 1_800_000_000).map((s, i) => ({ ...s, time: 1_800_000_000 + i * 300 }));
    store.addBlock('users', blockOf('alpha', 300, recorded(snapshots)));
    // From inside a 5-minute sample's reach (it fills two steps), and from just after it.
    for (const offset of [180, 300 + 30]) {
      const from = snapshots[3]!.time + offset;
      const to = snapshots.at(-1)!.time;
      const result = runSeriesQuery(store, query({ from, to, top: 3 }));
      expect(result.series).to.deep.equal(referenceSeries(usersCores(snapshots, 300), from, to, INTERVAL, 3).series);
      const total = runSeriesQuery(store, query({ groupBy: 'total', from, to })).series[0]!.values;
      expect(total[0]).to.equal(offset === 180 ? snapshots[3]!.summary.coresUsed : snapshots[4]!.summary.coresUsed);
    }
  });

  it('rolls samples older than 48 hours into 5-minute means that equal the raw means', function () {
    this.timeout(20_000);
    const start = 1_800_000_000;
    const polls = RETENTION.rawSeconds / INTERVAL + 240;
    // Simulating 3,000 polls takes long: 240 distinct states, repeated at later times.
    const distinct = simulate(240, start);
    const snapshots = Array.from({ length: polls }, (_, i) => ({ ...distinct[i % 240]!, time: start + i * INTERVAL }));
    const oldest = snapshots.slice(0, 120);
    store.addBlock('users', blockOf('alpha', INTERVAL, recorded(snapshots)));
    const from = start;
    const to = start + 120 * INTERVAL - 300;
    const rolled = runSeriesQuery(store, query({ from, to, step: 300, top: 0 }));
    expect(rolled.series).to.deep.equal(referenceSeries(usersCores(oldest), from, to, 300, 0).series);
    const rows = store.db.exec('SELECT count(*), min(step) FROM cluster_samples WHERE time < ?', [start + 3600])[0]!.values[0]!;

    expect(rows).to.deep.equal([12, 300]);
    const recent = store.db.exec('SELECT max(step) FROM cluster_samples WHERE time > ?', [snapshots.at(-1)!.time - 3600])[0]!.values[0]!;
    expect(recent).to.deep.equal([INTERVAL]);
  });

  it('keeps 30 days, and saves without the space that dropping the rest freed', async function () {
    this.timeout(60_000);
    const start = 1_800_000_000;
    const distinct = simulate(240, start);
    const days = 60;
    const snapshots = Array.from({ length: (days * 86400) / 300 }, (_, i) => ({ ...distinct[i % 240]!, time: start + i * 300 }));
    const newest = snapshots.at(-1)!.time;
    store.addBlock('users', blockOf('alpha', 300, recorded(snapshots)));
    const oldest = store.db.exec('SELECT min(time) FROM cluster_samples')[0]!.values[0]![0] as number;
    expect(oldest).to.be.at.least(newest - RETENTION.keepSeconds);
    expect(oldest).to.be.below(newest - RETENTION.keepSeconds + 300);
    const free = store.db.exec('PRAGMA freelist_count')[0]!.values[0]![0] as number;
    expect(free).to.be.above(256);
    const query30 = query({ from: newest - 29 * 86400, to: newest, step: 3600, top: 3 });
    const before = runSeriesQuery(store, query30);
    const copy = ClusterHistory.open(await loadSqlJs(), store.export(), GATEWAY, 'alpha')!;
    try {
      expect(copy.db.exec('PRAGMA freelist_count')[0]!.values[0]![0]).to.equal(0);
      expect(runSeriesQuery(copy, query30)).to.deep.equal(before);
      expect(runSeriesQuery(store, query30)).to.deep.equal(before);
    } finally {
      copy.close();
    }
  });

  it('applies a block whole or not at all', () => {
    const snapshots = simulate(30, 1_800_000_000);
    store.addBlock('users', blockOf('alpha', INTERVAL, recorded(snapshots.slice(0, 10))));
    const from = snapshots[0]!.time;
    const to = snapshots.at(-1)!.time;
    const before = runSeriesQuery(store, query({ from, to, top: 0 }));
    const broken = blockOf('alpha', INTERVAL, recorded(snapshots.slice(10)));
    broken.series.at(-1)!.values.coresRunning[0] = Number.NaN;
    expect(() => store.addBlock('users', broken)).to.throw();
    expect(runSeriesQuery(store, query({ from, to, top: 0 }))).to.deep.equal(before);
    expect(store.newestTime()).to.equal(snapshots[9]!.time);
  });

  it('never mixes pseudonymous and real names: a level change replaces the history', () => {
    const snapshots = simulate(20, 1_800_000_000);
    store.addBlock('summary', blockOf('alpha', INTERVAL, recorded(snapshots.slice(0, 10))));
    store.addLiveSample('users', sampleOfSnapshot(snapshots[15]!, INTERVAL), null);
    expect(store.level()).to.equal('users');
    expect(store.db.exec('SELECT count(*) FROM cluster_samples')[0]!.values[0]![0]).to.equal(1);
  });

  it('comes back whole from its exported bytes, as the same cluster only', async () => {
    const snapshots = simulate(40, 1_800_000_000);
    store.addBlock('users', blockOf('alpha', INTERVAL, recorded(snapshots)));
    const q = query({ from: snapshots[0]!.time, to: snapshots.at(-1)!.time, step: 120, top: 3 });
    const before = runSeriesQuery(store, q);
    const SQL = await loadSqlJs();
    const bytes = store.export();
    const copy = ClusterHistory.open(SQL, bytes, GATEWAY, 'alpha')!;
    try {
      expect(runSeriesQuery(copy, q)).to.deep.equal(before);
      expect(copy.level()).to.equal('users');
      expect(copy.newestTime()).to.equal(snapshots.at(-1)!.time);
    } finally {
      copy.close();
    }
    // Saved bytes never stand in for another cluster's history.
    expect(ClusterHistory.open(SQL, bytes, GATEWAY, 'beta')).to.equal(null);
    expect(ClusterHistory.open(SQL, bytes, 'ws://elsewhere.test/ws', 'alpha')).to.equal(null);
  });

  it('exports CSV with a header, one row per step and empty cells for gaps', () => {
    const snapshots = simulate(10, 1_800_000_000);
    store.addBlock('users', blockOf('alpha', INTERVAL, recorded([...snapshots.slice(0, 4), ...snapshots.slice(7)])));
    const result = runSeriesQuery(store, query({ from: snapshots[0]!.time, to: snapshots.at(-1)!.time, top: 2 }));
    const lines = seriesToCsv(result).trimEnd().split('\r\n');
    expect(lines[0]).to.equal(['time', 'epoch', ...result.series.map((s) => s.name)].join(','));
    expect(lines.length).to.equal(11);
    expect(lines[5]!.split(',').slice(2).every((cell) => cell === '')).to.equal(true);
    expect(lines[1]!.split(',')[0]).to.equal(new Date(snapshots[0]!.time * 1000).toISOString().replace('.000Z', 'Z'));
  });

  it('refuses saved bytes that are not a history database of this schema', async () => {
    const SQL = await loadSqlJs();
    const other = new SQL.Database();
    other.exec("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT); INSERT INTO meta VALUES ('schema', '1'), ('gateway', 'ws://gateway.test/ws'), ('cluster', 'alpha')");
    for (const saved of [new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), new Uint8Array(0), other.export()]) {
      expect(ClusterHistory.open(SQL, saved, GATEWAY, 'alpha')).to.equal(null);
    }
    other.close();
  });

  it('refuses impossible queries with the code bad-query', () => {
    for (const bad of [query({ from: 10, to: 5 }), query({ from: 0, to: 100, step: 0 }), query({ from: 0, to: 10_000_000, step: 1 }), query({ top: -1 })]) {
      let code: unknown = null;
      try {
        runSeriesQuery(store, bad);
      } catch (error) {
        code = (error as { code?: string }).code;
      }
      expect(code).to.equal('bad-query');
    }
  });
});
