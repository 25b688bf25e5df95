/**
 * The worker benchmarks, run in Chromium by bench/worker.bench.ts on a Vite build of this page:
 * the worker's own modules (session, sql.js store, queries, IndexedDB persistence) on data from
 * the synthetic cluster. `window.runWorkerBench()` returns the figures.
 */
import { SyntheticCluster } from '../../agent/simulator/synthetic-cluster.ts';
import { diff } from '../../protocol/delta.ts';
import { FrameDecoder, StreamEncoder } from '../../protocol/frame.ts';
import { USAGE_METRICS, type UsageMetric } from '../../protocol/history.ts';
import type { Snapshot } from '../../protocol/model.ts';
import { GatewaySession } from '../../worker/gateway-session.ts';
import { HistoryStore } from '../../worker/history-store.ts';
import type { Sample } from '../../worker/samples.ts';
import { HistoryPersistence } from '../../worker/persistence.ts';
import { runSeriesQuery } from '../../worker/series-query.ts';
import { loadSqlJs } from '../../worker/sqljs-loader.ts';

const GATEWAY = 'ws://bench.invalid/ws';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * One poll's delta of a 10,000-job cluster: decoded from its frame, applied, its sample stored.
 * At the `jobs` level the delta carries the job table's changes; at `users` (what a dashboard
 * follows) only usage, nodes and queues.
 */
async function applyDelta(level: 'jobs' | 'users'): Promise<{ median: number; p90: number; min: number; frameBytes: number }> {
  const SQL = await loadSqlJs();
  const store = HistoryStore.open(SQL, null);
  const session = new GatewaySession(GATEWAY, store);
  session.subscribe({ id: 's1', cluster: 'synthetic', level, portId: 'p', onChange: () => {} });
  const cluster = new SyntheticCluster();
  const encoder = new StreamEncoder(`synthetic:${level}`);
  const view = (snapshot: Snapshot): Snapshot => (level === 'jobs' ? snapshot : { ...snapshot, jobs: [] });
  let previous: Snapshot = view(cluster.snapshot());
  encoder.encode({ type: 'snapshot', level, snapshot: previous }, { reset: true });
  const frames: Uint8Array[] = [encoder.encodeForJoin({ type: 'snapshot', level, snapshot: previous })];
  const POLLS = 45;
  for (let i = 0; i < POLLS; i++) {
    cluster.step();
    const next = view(cluster.snapshot());
    frames.push(encoder.encode({ type: 'delta', delta: diff(previous, next) }));
    previous = next;
  }
  const decoder = new FrameDecoder();
  session.receive(welcome(level));
  const times: number[] = [];
  let bytes = 0;
  frames.forEach((frame, i) => {
    const start = performance.now();
    session.receive(decoder.decode(frame).message);
    const elapsed = performance.now() - start;
    // The first frame is the snapshot; the next five warm the JIT up.
    if (i > 5) {
      times.push(elapsed);
      bytes += frame.length;
    }
  });
  store.close();
  const sorted = [...times].sort((a, b) => a - b);
  return { median: median(times), p90: sorted[Math.floor(sorted.length * 0.9)]!, min: sorted[0]!, frameBytes: Math.round(bytes / times.length) };
}

function welcome(level: 'jobs' | 'users') {
  return { type: 'welcome' as const, server: 'bench', time: 0, clusters: [{ name: 'synthetic', label: 'Synthetic', level }] };
}

/** A small deterministic generator (the bench must not depend on Math.random). */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * Seven days of one cluster as the worker keeps them: 5-minute means for the five older days,
 * per-poll (60 s) samples for the last two, 50 users, 12 groups, 6 queues.
 */
function weekOfSamples(end: number, users = 50): Sample[] {
  const random = lcg(42);
  const names = Array.from({ length: users }, (_, i) => `user${String(i).padStart(2, '0')}`);
  const groups = Array.from({ length: 12 }, (_, i) => `group${i}`);
  const queues = ['normal', 'short', 'long', 'gpu', 'bigmem', 'debug'];
  const level = names.map((_, i) => 2000 / (i + 1));
  const samples: Sample[] = [];
  const times: [number, number][] = [];
  for (let t = end - 7 * 86400; t < end - 2 * 86400; t += 300) times.push([t, 300]);
  for (let t = end - 2 * 86400; t <= end; t += 60) times.push([t, 60]);
  const valuesOf = (base: number): Record<UsageMetric, number> => {
    const values = {} as Record<UsageMetric, number>;
    for (const metric of USAGE_METRICS) values[metric] = Math.round(base * (0.5 + random()) * (metric.startsWith('jobs') ? 0.1 : 1));
    return values;
  };
  for (const [time, step] of times) {
    for (let i = 0; i < users; i++) level[i] = Math.max(0, level[i]! + (random() - 0.5) * 40);
    const usage: Sample['usage'] = { user: new Map(), group: new Map(), queue: new Map() };
    names.forEach((name, i) => usage.user.set(name, valuesOf(level[i]!)));
    groups.forEach((name, i) => usage.group.set(name, valuesOf(4000 / (i + 1))));
    queues.forEach((name, i) => usage.queue.set(name, valuesOf(8000 / (i + 1))));
    const used = level.reduce((a, b) => a + b, 0);
    samples.push({
      time,
      step,
      totals: { coresTotal: 24_000, coresUsed: used, coresUnavailable: 480, gpusTotal: 200, gpusUsed: 150, jobsRunning: 3000, jobsQueued: 6000, jobsHeld: 500, coresQueued: 40_000, gpusQueued: 90 },
      usage,
    });
  }
  return samples;
}

async function query7d(): Promise<{ median: number; min: number; points: number; series: number }> {
  const store = HistoryStore.open(await loadSqlJs(), null);
  const end = 1_800_000_000;
  store.addSamples(GATEWAY, 'c0', 'users', weekOfSamples(end));
  const query = { gateway: GATEWAY, cluster: 'c0', groupBy: 'user' as const, metric: 'cores' as const, from: end - 7 * 86400, to: end, step: 60, top: 10 };
  let result = runSeriesQuery(store, query);
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const start = performance.now();
    result = runSeriesQuery(store, query);
    times.push(performance.now() - start);
  }
  store.close();
  return { median: median(times.slice(3)), min: Math.min(...times.slice(3)), points: result.times.length, series: result.series.length };
}

async function restore10(): Promise<{ median: number; readMs: number; openMs: number; snapshotsMs: number; bytes: number; saveMs: number }> {
  const SQL = await loadSqlJs();
  const store = HistoryStore.open(SQL, null);
  const end = 1_800_000_000;
  store.addSamples(GATEWAY, 'c0', 'users', weekOfSamples(end));
  // Nine more clusters with the same samples, copied in SQL (generating them is not measured).
  for (let c = 1; c < 10; c++) {
    store.db.run('INSERT INTO clusters (gateway, name, level) VALUES (?, ?, ?)', [GATEWAY, `c${c}`, 'users']);
    const id = store.findCluster(GATEWAY, `c${c}`)!;
    store.db.run('INSERT INTO cluster_samples SELECT ?, time, step, cores_total, cores_used, cores_unavailable, gpus_total, gpus_used, jobs_running, jobs_queued, jobs_held, cores_queued, gpus_queued FROM cluster_samples WHERE cluster_id = 1', [id]);
    store.db.run('INSERT INTO usage_samples SELECT ?, dimension, time, names, cores_running, cores_queued, gpus_running, gpus_queued, jobs_running, jobs_queued, jobs_held FROM usage_samples WHERE cluster_id = 1', [id]);
  }
  // Each with the last snapshot a dashboard holds (the `users` level: no job list).
  const synthetic = new SyntheticCluster({ jobs: 4000, nodes: 300 });
  for (let c = 0; c < 10; c++) {
    const snapshot = { ...synthetic.snapshot(), cluster: `c${c}`, jobs: [] };
    store.saveSnapshot(GATEWAY, `Cluster ${c}`, 'users', snapshot);
  }
  const persistence = new HistoryPersistence(`webstat-bench-${Date.now()}`);
  const saveStart = performance.now();
  const bytes = store.export();
  await persistence.save(bytes);
  const saveMs = performance.now() - saveStart;
  store.close();
  const times: number[] = [];
  const parts = { read: [] as number[], open: [] as number[], snapshots: [] as number[] };
  for (let i = 0; i < 7; i++) {
    const start = performance.now();
    const saved = await persistence.load();
    const read = performance.now();
    const restored = HistoryStore.open(SQL, saved);
    const opened = performance.now();
    const snapshots = restored.loadSnapshots();
    const end = performance.now();
    times.push(end - start);
    parts.read.push(read - start);
    parts.open.push(opened - read);
    parts.snapshots.push(end - opened);
    if (snapshots.length !== 10) throw new Error(`restored ${snapshots.length} snapshots, expected 10`);
    restored.close();
  }
  return {
    median: median(times.slice(1)),
    readMs: median(parts.read.slice(1)),
    openMs: median(parts.open.slice(1)),
    snapshotsMs: median(parts.snapshots.slice(1)),
    bytes: bytes.length,
    saveMs,
  };
}

declare global {
  interface Window {
    runWorkerBench(): Promise<unknown>;
  }
}

window.runWorkerBench = async () => ({
  applyDelta: await applyDelta('jobs'),
  applyDeltaUsers: await applyDelta('users'),
  query7d: await query7d(),
  restore: await restore10(),
});
