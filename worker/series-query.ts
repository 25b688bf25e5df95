/**
 * Series for charts: one value per step from `from` to `to`, per user, group or queue (the top N,
 * the rest summed into `others`) or for the whole cluster.
 *
 * What a step shows: the mean of the cluster's samples whose time falls in it; when none does, the
 * sample before it if that sample still reaches the step's start (a 5-minute mean seen at
 * 1-minute steps, a poll that came a little late); otherwise nothing, a gap (null), never 0. A name
 * missing from a sample the cluster does have counts as 0 there.
 *
 * How it stays cheap (7 days at one-minute steps, 50 users: 4,320 usage rows, 10,080 steps):
 * samples are placed on the steps once, for every name alike; each name's rank needs only its
 * sum, which is its values weighted by how much of the range each sample stands for; only the
 * top N and `others` are spread over the steps. Rows are read once, decoded into buffers kept
 * between queries, and samples before the range that reach no step are not read at all.
 */
import type { SeriesMetric, SeriesQuery, SeriesResult, SeriesState, Series } from './api.ts';
import type { ClusterHistory } from './cluster-history.ts';
import { USAGE_COLUMN, USAGE_TABLE } from './history-schema.ts';
import { decodeValues } from './usage-packing.ts';
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
  if (query.groupBy !== 'total' && !(query.groupBy in USAGE_TABLE)) throw bad(`unknown groupBy ${String(query.groupBy)}`);
}

/** The cluster's samples that matter to the range: the last one before it (it may reach in) and
 * every one inside it, with the chosen total. */
interface ClusterSamples {
  times: number[];
  steps: number[];
  totals: number[];
}

function readClusterSamples(history: ClusterHistory | null, query: SeriesQuery, column: string): ClusterSamples {
  const samples: ClusterSamples = { times: [], steps: [], totals: [] };
  if (!history) return samples;
  const select = history.statement(
    `SELECT time, step, ${column} FROM cluster_samples
     WHERE time >= coalesce((SELECT max(time) FROM cluster_samples WHERE time < ?1 AND time >= ?2), ?1) AND time <= ?3
     ORDER BY time`,
  );
  select.bind([query.from, query.from - LOOKBACK_SECONDS, query.to]);
  while (select.step()) {
    const row = select.get() as number[];
    samples.times.push(row[0]!);
    samples.steps.push(row[1]!);
    samples.totals.push(row[2]!);
  }
  select.reset();
  return samples;
}

/** Where each sample goes, the same for every name. */
interface Placement {
  /** Steps in the range. */
  n: number;
  /** Per sample: its own step, or -1 (a sample before the range). */
  own: Int32Array;
  /** Per step: how many samples are its own (their mean is the step's value); 0 = none. */
  ownCount: Int32Array;
  /** Per sample: the empty steps it fills, [fillFrom, fillTo). */
  fillFrom: Int32Array;
  fillTo: Int32Array;
  /** Per step: 1 where a sample covers it (own or reaching in), else a gap. */
  covered: Uint8Array;
  /** Per sample: what its value adds to a series' sum over the range (its share of its own step's
   * mean, plus one per step it fills); 0 for a sample that shows nowhere. */
  weight: Float64Array;
}

function place(query: SeriesQuery, samples: ClusterSamples): Placement {
  const n = Math.floor((query.to - query.from) / query.step) + 1;
  const { times, steps } = samples;
  const count = times.length;
  const own = new Int32Array(count).fill(-1);
  const ownCount = new Int32Array(n);
  for (let s = 0; s < count; s++) {
    const t = times[s]!;
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
    const start = query.from + i * query.step;
    while (latest + 1 < count && times[latest + 1]! < start) latest++;
    if (ownCount[i]! > 0) {
      covered[i] = 1;
      continue;
    }
    if (latest >= 0 && start < times[latest]! + steps[latest]!) {
      if (fillTo[latest] === 0) fillFrom[latest] = i;
      fillTo[latest] = i + 1;
      covered[i] = 1;
    }
  }
  const weight = new Float64Array(count);
  for (let s = 0; s < count; s++) weight[s] = (own[s]! >= 0 ? 1 / ownCount[own[s]!]! : 0) + (fillTo[s]! - fillFrom[s]!);
  return { n, own, ownCount, fillFrom, fillTo, covered, weight };
}

/** Adds sample `s`'s value `v` to the steps it stands for (own steps sum, divided in `finish`). */
function spread(acc: Float64Array, p: Placement, s: number, v: number): void {
  const b = p.own[s]!;
  if (b >= 0) acc[b]! += v;
  for (let i = p.fillFrom[s]!, end = p.fillTo[s]!; i < end; i++) acc[i] = v;
}

/** Step values with two decimals, null for gaps: a packed array (an array made with `new
 * Array(n)` is holey, and structured clone, which carries results to the page, copies a holey
 * array element by element as a sparse one, several times slower). */
function finish(acc: Float64Array, p: Placement): (number | null)[] {
  const out: (number | null)[] = [];
  for (let i = 0; i < p.n; i++) {
    if (!p.covered[i]) {
      out.push(null);
      continue;
    }
    const count = p.ownCount[i]!;
    out.push(Math.round((count > 0 ? acc[i]! / count : acc[i]!) * 100) / 100);
  }
  return out;
}

/** Decoded usage rows, kept between queries (grown as needed): the hot loops allocate nothing. */
let entryIds = new Int32Array(1 << 15);
let entryValues = new Float64Array(1 << 15);

function reserveEntries(size: number): void {
  if (size <= entryIds.length) return;
  const capacity = Math.max(size, entryIds.length * 2);
  const ids = new Int32Array(capacity);
  ids.set(entryIds);
  const values = new Float64Array(capacity);
  values.set(entryValues);
  entryIds = ids;
  entryValues = values;
}

/** The usage rows of the samples that show: per row its sample and the end of its entries. */
interface UsageRows {
  count: number;
  sample: Int32Array;
  end: Int32Array;
  /** The largest name id seen. */
  maxId: number;
}

function readUsageRows(history: ClusterHistory, query: SeriesQuery, state: SeriesState, samples: ClusterSamples, p: Placement): UsageRows {
  const times = samples.times;
  const rows: UsageRows = { count: 0, sample: new Int32Array(times.length), end: new Int32Array(times.length), maxId: -1 };
  let first = 0;
  while (first < times.length && p.weight[first] === 0) first++;
  if (first === times.length) return rows;
  const table = USAGE_TABLE[query.groupBy as keyof typeof USAGE_TABLE];
  const select = history.statement(`SELECT time, names, ${USAGE_COLUMN[USAGE_METRIC[query.metric][state]]} FROM ${table} WHERE time >= ? AND time <= ? ORDER BY time`);
  select.bind([times[first]!, query.to]);
  let s = first;
  let used = 0;
  let lastSetId = -1;
  let ids: Int32Array = new Int32Array(0);
  while (select.step()) {
    const row = select.get();
    const time = row[0] as number;
    while (s < times.length && times[s]! < time) s++;
    if (s === times.length) break;
    // A usage row without its cluster row, or of a sample that shows nowhere, is not read.
    if (times[s] !== time || p.weight[s] === 0) continue;
    const setId = row[1] as number;
    if (setId !== lastSetId) {
      lastSetId = setId;
      ids = history.nameSet(setId);
      for (let k = 0; k < ids.length; k++) if (ids[k]! > rows.maxId) rows.maxId = ids[k]!;
    }
    const count = ids.length;
    reserveEntries(used + count);
    entryIds.set(ids, used);
    decodeValues(row[2] as Uint8Array, entryValues, used, count);
    used += count;
    rows.sample[rows.count] = s;
    rows.end[rows.count] = used;
    rows.count++;
  }
  select.reset();
  return rows;
}

interface Ranked {
  id: number;
  name: string;
  sum: number;
}

/** Names with a positive sum over the range, largest first (ties by name). */
function rank(history: ClusterHistory, rows: UsageRows, p: Placement): Ranked[] {
  const sums = new Float64Array(rows.maxId + 1);
  let start = 0;
  for (let r = 0; r < rows.count; r++) {
    const w = p.weight[rows.sample[r]!]!;
    const end = rows.end[r]!;
    for (let k = start; k < end; k++) sums[entryIds[k]!]! += entryValues[k]! * w;
    start = end;
  }
  const ranked: Ranked[] = [];
  for (let id = 0; id < sums.length; id++) if (sums[id]! > 0) ranked.push({ id, name: history.nameOf(id) ?? `#${id}`, sum: sums[id]! });
  return ranked.sort((a, b) => b.sum - a.sum || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function usageSeries(history: ClusterHistory, query: SeriesQuery, state: SeriesState, samples: ClusterSamples, p: Placement): Series[] {
  const rows = readUsageRows(history, query, state, samples, p);
  const ranked = rank(history, rows, p);
  const keep = query.top === 0 ? ranked.length : Math.min(query.top, ranked.length);
  const others = ranked.length > keep;
  const seriesOf = new Int32Array(rows.maxId + 1).fill(-1);
  const acc: Float64Array[] = [];
  for (let r = 0; r < keep; r++) {
    seriesOf[ranked[r]!.id] = r;
    acc.push(new Float64Array(p.n));
  }
  const rest = others ? new Float64Array(p.n) : null;
  let start = 0;
  for (let r = 0; r < rows.count; r++) {
    const s = rows.sample[r]!;
    const end = rows.end[r]!;
    let restValue = 0;
    for (let k = start; k < end; k++) {
      const v = entryValues[k]!;
      if (v === 0) continue;
      const target = seriesOf[entryIds[k]!]!;
      if (target >= 0) spread(acc[target]!, p, s, v);
      else restValue += v;
    }
    if (rest && restValue !== 0) spread(rest, p, s, restValue);
    start = end;
  }
  const series: Series[] = acc.map((values, r) => ({ name: ranked[r]!.name, values: finish(values, p) }));
  if (rest) series.push({ name: OTHERS, values: finish(rest, p) });
  return series;
}

export function runSeriesQuery(history: ClusterHistory | null, query: SeriesQuery): SeriesResult {
  validate(query);
  const state = query.state ?? 'running';
  const samples = readClusterSamples(history, query, TOTAL_COLUMN[query.metric][state]);
  const p = place(query, samples);
  const times: number[] = [];
  for (let i = 0; i < p.n; i++) times.push(query.from + i * query.step);
  if (query.groupBy === 'total') {
    const acc = new Float64Array(p.n);
    for (let s = 0; s < samples.times.length; s++) spread(acc, p, s, samples.totals[s]!);
    return { times, series: [{ name: TOTAL, values: finish(acc, p) }] };
  }
  return { times, series: history ? usageSeries(history, query, state, samples, p) : [] };
}
