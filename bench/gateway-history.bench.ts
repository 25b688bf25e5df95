/**
 * Gateway history figures (gateway/history/): what one poll costs the SQLite store, and what the
 * first history load of a browser costs, on a simulated cluster of 10,000 jobs, 60 users, 12
 * groups and 6 queues (the simulator's defaults, fixed seed).
 *
 * - record_ms: one `record()` of a new 10,000-job snapshot (samples, roll-ups, pruning and the
 *   encoded last snapshot, in one transaction), median of 30 after 5.
 * - query_30d_ms / first_load_kb: `history(cluster, null)` built afresh (as after every new sample)
 *   on a database holding 30 days (5-minute means for the older 28 days, a sample per minute for
 *   the last 48 hours), median of 5 after 1; and the size of those blocks as protocol frames (what
 *   a browser with nothing receives, before the audience filter and compression).
 * - query_cached_ms: the same store asked again for the last day (the kept answer, cut).
 * - db_mb_30d: the file's size after those 30 days (per-poll samples pruned to 48 hours).
 *
 * Filling 30 days goes through `record()` poll by poll (about 11,000 polls) with summary-only
 * snapshots (the job table does not reach history), so it takes a minute or two.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Random } from '../agent/simulator/random.ts';
import { SyntheticCluster } from '../agent/simulator/synthetic-cluster.ts';
import { HistoryStore } from '../gateway/history/history-store.ts';
import { encodeMessage } from '../protocol/frame.ts';
import type { Snapshot, Usage } from '../protocol/model.ts';
import { medianMs, type Benchmark, type Metric } from './metric.ts';

const RETENTION = { rawHours: 48, fiveMinuteDays: 30, hourlyDays: 730 };

const START = 1_795_000_200;

async function recordMs(dir: string): Promise<number> {
  const cluster = new SyntheticCluster({ name: 'hpc1' });
  let time = START;
  let seq = 0;
  const store = HistoryStore.open(join(dir, 'record.sqlite'), { retention: RETENTION, now: () => time });
  try {
    // Snapshots made beforehand: the figure is the store's, not the simulator's.
    const snapshots: Snapshot[] = [];
    for (let i = 0; i < 40; i++) {
      cluster.step();
      snapshots.push(cluster.snapshot());
    }
    let next = 0;
    return await medianMs(
      () => {
        time += 60;
        store.record('hpc1', { ...snapshots[next++ % snapshots.length]!, time, seq: ++seq }, 60);
      },
      30,
      5,
    );
  } finally {
    store.close();
  }
}

async function thirtyDays(dir: string): Promise<Metric[]> {
  const path = join(dir, 'thirty-days.sqlite');
  const cluster = new SyntheticCluster({ name: 'hpc1' });
  let time = START;
  const store = HistoryStore.open(path, { retention: RETENTION, now: () => time });
  try {
    const end = START + 30 * 86_400;
    let seq = 0;
    // A cycle of 48 states of the cluster (deriving a 10,000-job summary is the simulator's cost,
    // not the store's): enough for users to come and go between samples.
    const states: Snapshot[] = [];
    for (let i = 0; i < 48; i++) {
      for (let k = 0; k < 5; k++) cluster.step();
      states.push({ ...cluster.snapshot(), jobs: [], nodes: [], queues: [] });
    }
    // Each poll moves every usage figure a little (a fixed-seed walk), as real polls do: repeated
    // identical samples would make the stored and sent sizes look far smaller than they are.
    const random = new Random(20261128);
    const jitter = (rows: Usage[]): Usage[] =>
      rows.map((row) => ({
        ...row,
        coresRunning: Math.max(0, row.coresRunning + Math.round((random.next() - 0.5) * 8)),
        coresQueued: Math.max(0, row.coresQueued + Math.round((random.next() - 0.5) * 16)),
        jobsRunning: Math.max(0, row.jobsRunning + Math.round((random.next() - 0.5) * 2)),
        jobsQueued: Math.max(0, row.jobsQueued + Math.round((random.next() - 0.5) * 4)),
      }));
    for (let poll = 0; time < end; poll++) {
      const step = time < end - 48 * 3600 ? 300 : 60;
      const state = states[poll % states.length]!;
      const summary = { ...state.summary, users: jitter(state.summary.users), groups: jitter(state.summary.groups), queues: jitter(state.summary.queues) };
      store.record('hpc1', { ...state, summary, time, seq: ++seq }, step);
      time += step;
    }
    time = end;
    store.maintain();
    store.close();

    // Cold: a store just opened, as after each new sample (the answer is kept until the next one).
    const coldMs = await medianMs(
      () => {
        const fresh = HistoryStore.open(path, { retention: RETENTION, now: () => end });
        fresh.history('hpc1', null);
        fresh.close();
      },
      5,
      1,
    );
    const warm = HistoryStore.open(path, { retention: RETENTION, now: () => end });
    let bytes = 0;
    for (const block of warm.history('hpc1', null)) bytes += encodeMessage({ type: 'history', block }).length;
    // Warm: a browser back after a day away, between two samples.
    const warmMs = await medianMs(() => warm.history('hpc1', end - 86_400), 15, 3);
    warm.close();
    const size = statSync(path).size + (statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0);
    return [
      { metric: 'gateway.history.query_30d_ms', value: coldMs, unit: 'ms', note: 'history(cluster, null) built afresh: 28 d of 5-min means + 48 h per minute' },
      { metric: 'gateway.history.query_cached_ms', value: warmMs, unit: 'ms', note: 'history(cluster, a day ago) from the kept answer' },
      { metric: 'gateway.history.first_load_kb', value: bytes / 1024, unit: 'KiB', note: 'the 30-day blocks as protocol frames, before any compression' },
      { metric: 'gateway.history.db_mb_30d', value: size / 2 ** 20, unit: 'MB', note: 'one cluster, 60 users, 12 groups, 6 queues' },
    ];
  } finally {
    store.close();
  }
}

export const benchmark: Benchmark = {
  prefix: 'gateway.history',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'webstat-bench-history-'));
    try {
      const record = await recordMs(dir);
      return [
        { metric: 'gateway.history.record_ms', value: record, unit: 'ms', note: 'one poll of 10,000 jobs: samples, roll-ups, pruning, snapshot' },
        ...(await thirtyDays(dir)),
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
