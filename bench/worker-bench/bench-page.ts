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
import { ClusterHistory } from '../../worker/cluster-history.ts';
import { GatewaySession } from '../../worker/gateway-session.ts';
import { HistoryStore, type SavedSnapshot } from '../../worker/history-store.ts';
import { sampleOfSnapshot, type Sample } from '../../worker/samples.ts';
import { HistoryPersistence } from '../../worker/persistence.ts';
import { runSeriesQuery } from '../../worker/series-query.ts';
import { loadSqlJs } from '../../worker/sqljs-loader.ts';

const GATEWAY = 'ws://bench.invalid/ws';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** A full collection where the page allows it (the benchmark starts Chromium with --expose-gc):
 * the garbage of making the data is not charged to what is measured next. */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** The longest stretch the thread was busy while `work` ran (a query arriving then waits that
 * long): a message loop that notes the gap between its turns. */
async function longestBlock<T>(work: () => Promise<T>): Promise<{ result: T; blockMs: number }> {
  const channel = new MessageChannel();
  let last = performance.now();
  let longest = 0;
  let running = true;
  channel.port1.onmessage = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (running) channel.port2.postMessage(0);
  };
  channel.port2.postMessage(0);
  try {
    const result = await work();
    return { result, blockMs: Math.max(longest, performance.now() - last) };
  } finally {
    running = false;
    channel.port1.close();
  }
}

/**
 * One poll's delta of a 10,000-job cluster: decoded from its frame, applied, its sample stored.
 * At the `jobs` level the delta carries the job table's changes; at `users` (what a dashboard
 * follows) only usage, nodes and queues.
 */
async function applyDelta(level: 'jobs' | 'users'): Promise<{ median: number; p90: number; min: number; frameBytes: number }> {
  const SQL = await loadSqlJs();
  const store = HistoryStore.inMemory(SQL);
  const session = new GatewaySession(GATEWAY, store);
  session.subscribe({ id: 's1', cluster: 'synthetic', level, portId: 'p', onChange: () => {} });
  const cluster = new SyntheticCluster();
  const encoder = new StreamEncoder(`synthetic:${level}`);
  const view = (snapshot: Snapshot): Snapshot => (level === 'jobs' ? snapshot : { ...snapshot, jobs: [] });
  let previous: Snapshot = view(cluster.snapshot());
  encoder.encode({ type: 'snapshot', level, snapshot: previous }, { reset: true });
  const frames: Uint8Array[] = [encoder.encodeForJoin({ type: 'snapshot', level, snapshot: previous })];
  const POLLS = 105;
  for (let i = 0; i < POLLS; i++) {
    cluster.step();
    const next = view(cluster.snapshot());
    frames.push(encoder.encode({ type: 'delta', delta: diff(previous, next) }));
    previous = next;
  }
  const decoder = new FrameDecoder();
  session.receive(welcome(level));
  collectGarbage();
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

async function query7d(): Promise<{ median: number; min: number; points: number; series: number; cloneMedian: number; cloneMin: number }> {
  const history = ClusterHistory.create(await loadSqlJs(), GATEWAY, 'c0');
  const end = 1_800_000_000;
  history.addSamples('users', weekOfSamples(end));
  const query = { gateway: GATEWAY, cluster: 'c0', groupBy: 'user' as const, metric: 'cores' as const, from: end - 7 * 86400, to: end, step: 60, top: 10 };
  let result = runSeriesQuery(history, query);
  collectGarbage();
  const times: number[] = [];
  const clones: number[] = [];
  for (let i = 0; i < 33; i++) {
    const start = performance.now();
    result = runSeriesQuery(history, query);
    times.push(performance.now() - start);
    // What carrying the result to the page costs (comlink posts it: serialized in the worker,
    // deserialized on the page's main thread); structuredClone does both here.
    const cloneStart = performance.now();
    structuredClone(result);
    clones.push(performance.now() - cloneStart);
  }
  history.close();
  const measured = times.slice(3);
  return {
    median: median(measured),
    min: Math.min(...measured),
    points: result.times.length,
    series: result.series.length,
    cloneMedian: median(clones.slice(3)),
    cloneMin: Math.min(...clones.slice(3)),
  };
}

interface RestoreResult {
  /** All ten clusters: snapshots and histories. */
  median: number;
  min: number;
  /** The ten saved snapshots decoded (what the first paint needs; no sql.js). */
  snapshotsMs: number;
  /** The first cluster's history loaded (its chart can draw). */
  firstHistoryMs: number;
  bytes: number;
  snapshotBytes: number;
  /** Saving the ten histories (all changed) and snapshots. */
  saveMs: number;
  saveBlockMs: number;
  /** A save when only snapshots are due (histories are saved at most every few minutes). */
  snapshotSaveMs: number;
}

/** Ten clusters × seven days in IndexedDB as the worker saves them, restored as a reload does. */
async function restore10(): Promise<RestoreResult> {
  const SQL = await loadSqlJs();
  const end = 1_800_000_000;
  const week = ClusterHistory.create(SQL, GATEWAY, 'c0');
  week.addSamples('users', weekOfSamples(end));
  const weekBytes = week.export();
  week.close();
  const persistence = new HistoryPersistence(`webstat-bench-${Date.now()}`);
  const synthetic = new SyntheticCluster({ jobs: 4000, nodes: 300 });
  const snapshots: SavedSnapshot[] = [];
  for (let c = 0; c < 10; c++) {
    // The same week for each cluster, renamed (generating ten is not what is measured).
    const copy = ClusterHistory.open(SQL, weekBytes, GATEWAY, 'c0')!;
    copy.db.run("UPDATE meta SET value = ? WHERE key = 'cluster'", [`c${c}`]);
    await persistence.saveSamples(GATEWAY, `c${c}`, copy.export());
    copy.close();
    // Each with the last snapshot a dashboard holds (the `users` level: no job list).
    snapshots.push({ gateway: GATEWAY, label: `Cluster ${c}`, level: 'users', snapshot: { ...synthetic.snapshot(), cluster: `c${c}`, jobs: [] } });
  }
  const seeding = new HistoryStore(persistence, loadSqlJs);
  await seeding.save(snapshots, true);
  seeding.close();
  collectGarbage();

  const times: number[] = [];
  const parts = { snapshots: [] as number[], first: [] as number[] };
  let bytes = 0;
  for (let i = 0; i < 7; i++) {
    const start = performance.now();
    const store = new HistoryStore(persistence, loadSqlJs);
    const restored = await store.restore();
    const snapshotsAt = performance.now();
    let firstAt = 0;
    await Promise.all(
      restored.map((saved) =>
        store.load(saved.gateway, saved.snapshot.cluster).then(() => {
          firstAt ||= performance.now();
        }),
      ),
    );
    times.push(performance.now() - start);
    parts.snapshots.push(snapshotsAt - start);
    parts.first.push(firstAt - start);
    if (restored.length !== 10 || store.restoredBytes === 0) throw new Error(`restored ${restored.length} snapshots, ${store.restoredBytes} bytes`);
    bytes = store.restoredBytes;
    store.close();
  }

  // Saves: every history changed (a new sample each), then only the snapshots.
  const store = new HistoryStore(persistence, loadSqlJs);
  const restored = await store.restore();
  const histories = await Promise.all(restored.map((saved) => store.load(saved.gateway, saved.snapshot.cluster)));
  const live = sampleOfSnapshot({ ...synthetic.snapshot(), time: end + 60 }, 60);
  for (const history of histories) history.addLiveSample('users', live, end);
  let start = performance.now();
  const { result: report, blockMs } = await longestBlock(() => store.save(restored, true));
  const saveMs = performance.now() - start;
  for (const history of histories) history.addLiveSample('users', { ...live, time: end + 120 }, end + 60);
  start = performance.now();
  const snapshotsOnly = await store.save(restored, false);
  const snapshotSaveMs = performance.now() - start;
  if (report.histories !== 10 || snapshotsOnly.histories !== 0) throw new Error(`saved ${report.histories} and ${snapshotsOnly.histories} histories`);
  store.close();
  return {
    median: median(times.slice(1)),
    min: Math.min(...times.slice(1)),
    snapshotsMs: median(parts.snapshots.slice(1)),
    firstHistoryMs: median(parts.first.slice(1)),
    bytes,
    snapshotBytes: snapshotsOnly.bytes,
    saveMs,
    saveBlockMs: blockMs,
    snapshotSaveMs,
  };
}

const PARTS = {
  applyDelta: () => applyDelta('jobs'),
  applyDeltaUsers: () => applyDelta('users'),
  query7d,
  restore: restore10,
};

export type BenchPart = keyof typeof PARTS;
/** What each part gives back (bench/worker.bench.ts reads it off the page). */
export type WorkerBenchResult = { [part in BenchPart]: Awaited<ReturnType<(typeof PARTS)[part]>> };

declare global {
  interface Window {
    /** One part of the benchmark; bench/worker.bench.ts runs each in a page of its own, so no
     * part's garbage or heap is left to the next. */
    runWorkerBench(part: BenchPart): Promise<unknown>;
  }
}

window.runWorkerBench = (part) => PARTS[part]();
