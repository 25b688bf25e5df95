/**
 * Series for charts: one value per step from `from` to `to`, per user, group or queue (the top N,
 * the rest summed into `others`) or for the whole cluster.
 *
 * What a step shows: the mean of the cluster's samples whose time falls in it; when none does, the
 * sample before it if that sample still reaches the step's start (a 5-minute mean seen at
 * 1-minute steps, a poll that came a little late); otherwise nothing, a gap (null), never 0. A name
 * missing from a sample the cluster does have counts as 0 there.
 */
import type { SeriesMetric, SeriesQuery, SeriesResult, SeriesState, Series } from './api.ts';
import type { HistoryStore } from './history-store.ts';
import { DIMENSION_CODE, USAGE_COLUMN } from './history-schema.ts';
import { countPacked, unpackIdsInto, unpackValues } from './usage-packing.ts';
import { WorkerFailure } from './worker-error.ts';

/** A query may not ask for more points than this per series (30 days at 15 s is 172,800). */
export const MAX_POINTS = 200_000;
/** How far back a sample may lie and still reach into the range. */
const LOOKBACK_SECONDS = 86_400;
export const OTHERS = 'others';
export const TOTAL = 'total';

const TOTAL_COLUMN: Record<SeriesMetric, Record<SeriesState, string>> = {
  cores: { running: 'cores_used', queued: 'cores_queued' },
  gpus: { running: 'gpus_used', queued: 'gpus_queued' },
  jobs: { running: 'jobs_running', queued: 'jobs_queued' },
};

const USAGE_METRIC: Record<SeriesMetric, Record<SeriesState, keyof typeof USAGE_COLUMN>> = {
  cores: { running: 'coresRunning', queued: 'coresQueued' },
  gpus: { running: 'gpusRunning', queued: 'gpusQueued' },
  jobs: { running: 'jobsRunning', queued: 'jobsQueued' },
};

function validate(query: SeriesQuery): void {
  const bad = (message: string) => new WorkerFailure('bad-query', message);
  if (!Number.isSafeInteger(query.from) || !Number.isSafeInteger(query.to)) throw bad('from and to must be whole epoch seconds');
  if (query.to < query.from) throw bad('to is before from');
  if (!Number.isSafeInteger(query.step) || query.step < 1) throw bad('step must be a whole number of seconds >= 1');
  if (Math.floor((query.to - query.from) / query.step) + 1 > MAX_POINTS) throw bad(`more than ${MAX_POINTS} points`);
  if (!Number.isSafeInteger(query.top) || query.top < 0) throw bad('top must be a whole number >= 0');
  if (!(query.metric in TOTAL_COLUMN)) throw bad(`unknown metric ${String(query.metric)}`);
  if (query.state !== undefined && query.state !== 'running' && query.state !== 'queued') throw bad(`unknown state ${String(query.state)}`);
  if (query.groupBy !== 'total' && !(query.groupBy in DIMENSION_CODE)) throw bad(`unknown groupBy ${String(query.groupBy)}`);
}

/** Where each sample goes: its own step (`own`, or -1 before the range) and the empty steps it fills. */
interface Placement {
  times: number[];
  sampleTimes: number[];
  own: Int32Array;
  /** Samples per step; 0 = the step has none of its own. */
  ownCount: Int32Array;
  fillFrom: Int32Array;
  fillTo: Int32Array;
  /** True where a step has a sample (own or reaching into it). */
  covered: Uint8Array;
}

function place(query: SeriesQuery, sampleTimes: number[], sampleSteps: number[]): Placement {
  const n = Math.floor((query.to - query.from) / query.step) + 1;
  const times = new Array<number>(n);
  for (let i = 0; i < n; i++) times[i] = query.from + i * query.step;
  const count = sampleTimes.length;
  const own = new Int32Array(count).fill(-1);
  const ownCount = new Int32Array(n);
  for (let s = 0; s < count; s++) {
    const t = sampleTimes[s]!;
    if (t < query.from) continue;
    const b = Math.floor((t - query.from) / query.step);
    own[s] = b;
    ownCount[b]! += 1;
  }
  const fillFrom = new Int32Array(count);
  const fillTo = new Int32Array(count);
  const covered = new Uint8Array(n);
  let latest = -1;
  for (let i = 0; i < n; i++) {
    const start = times[i]!;
    while (latest + 1 < count && sampleTimes[latest + 1]! < start) latest++;
    if (ownCount[i]! > 0) {
      covered[i] = 1;
      continue;
    }
    if (latest >= 0 && start < sampleTimes[latest]! + sampleSteps[latest]!) {
      if (fillTo[latest] === 0) fillFrom[latest] = i;
      fillTo[latest] = i + 1;
      covered[i] = 1;
    }
  }
  return { times, sampleTimes, own, ownCount, fillFrom, fillTo, covered };
}

/** Adds a sample's value `v` to the steps it stands for. */
function spread(values: Float64Array, p: Placement, s: number, v: number): void {
  const b = p.own[s]!;
  if (b >= 0) values[b]! += v / p.ownCount[b]!;
  for (let i = p.fillFrom[s]!; i < p.fillTo[s]!; i++) values[i] = v;
}

function finish(values: Float64Array, covered: Uint8Array): (number | null)[] {
  const out = new Array<number | null>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = covered[i] ? Math.round(values[i]! * 100) / 100 : null;
  return out;
}

export function runSeriesQuery(store: HistoryStore, query: SeriesQuery): SeriesResult {
  validate(query);
  const state = query.state ?? 'running';
  const clusterId = store.findCluster(query.gateway, query.cluster);
  const sampleTimes: number[] = [];
  const sampleSteps: number[] = [];
  const totals: number[] = [];
  if (clusterId !== null) {
    const select = store.statement(
      `SELECT time, step, ${TOTAL_COLUMN[query.metric][state]} FROM cluster_samples WHERE cluster_id = ? AND time >= ? AND time <= ? ORDER BY time`,
    );
    select.bind([clusterId, query.from - LOOKBACK_SECONDS, query.to]);
    while (select.step()) {
      const row = select.get() as number[];
      sampleTimes.push(row[0]!);
      sampleSteps.push(row[1]!);
      totals.push(row[2]!);
    }
    select.reset();
  }
  const p = place(query, sampleTimes, sampleSteps);
  const n = p.times.length;

  if (query.groupBy === 'total') {
    const values = new Float64Array(n);
    for (let s = 0; s < sampleTimes.length; s++) spread(values, p, s, totals[s]!);
    return { times: p.times, series: [{ name: TOTAL, values: finish(values, p.covered) }] };
  }

  // Indexed by name id (small whole numbers): no hashing in the loop below.
  const byId: (Float64Array | undefined)[] = [];
  if (clusterId !== null && sampleTimes.length > 0) {
    const column = USAGE_COLUMN[USAGE_METRIC[query.metric][state]];
    const select = store.statement(
      `SELECT time, names, ${column} FROM usage_samples WHERE cluster_id = ? AND dimension = ? AND time >= ? AND time <= ? ORDER BY time`,
    );
    select.bind([clusterId, DIMENSION_CODE[query.groupBy], sampleTimes[0]!, query.to]);
    let s = 0;
    let values = new Float64Array(64);
    let ids = new Int32Array(64);
    while (select.step()) {
      const row = select.get();
      const time = row[0] as number;
      while (s < sampleTimes.length && sampleTimes[s]! < time) s++;
      if (sampleTimes[s] !== time) continue;
      const names = row[1] as Uint8Array;
      const count = countPacked(names);
      if (values.length !== count) {
        values = new Float64Array(count);
        ids = new Int32Array(count);
      }
      unpackValues(row[2] as Uint8Array, values);
      unpackIdsInto(names, ids);
      for (let k = 0; k < count; k++) {
        const v = values[k]!;
        if (v === 0) continue;
        const id = ids[k]!;
        let series = byId[id];
        if (!series) byId[id] = series = new Float64Array(n);
        spread(series, p, s, v);
      }
    }
    select.reset();
  }
  const byName = new Map<number, Float64Array>();
  byId.forEach((series, id) => {
    if (series) byName.set(id, series);
  });

  const names = store.namesOf([...byName.keys()]);
  const ranked = [...byName.entries()]
    .map(([id, values]) => {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += values[i]!;
      return { name: names.get(id)!, values, sum };
    })
    .filter((entry) => entry.sum > 0)
    .sort((a, b) => b.sum - a.sum || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const keep = query.top === 0 ? ranked.length : Math.min(query.top, ranked.length);
  const series: Series[] = ranked.slice(0, keep).map((entry) => ({ name: entry.name, values: finish(entry.values, p.covered) }));
  if (ranked.length > keep) {
    const rest = new Float64Array(n);
    for (const entry of ranked.slice(keep)) for (let i = 0; i < n; i++) rest[i]! += entry.values[i]!;
    series.push({ name: OTHERS, values: finish(rest, p.covered) });
  }
  return { times: p.times, series };
}
