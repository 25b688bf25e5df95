/**
 * The tests' own computation of what a series query should return, written plainly and apart
 * from series-query.ts: for each step, the mean of the samples inside it; with none, the sample
 * before it if it reaches the step's start; otherwise null. Top N by sum, the rest as `others`.
 */
export interface ReferenceSample {
  time: number;
  /** Seconds the sample stands for. */
  step: number;
  /** Name → value at this time (absent = 0). */
  values: Map<string, number>;
}

export interface ReferenceResult {
  times: number[];
  series: { name: string; values: (number | null)[] }[];
}

const round = (v: number) => Math.round(v * 100) / 100;

export function referenceSeries(samples: ReferenceSample[], from: number, to: number, step: number, top: number): ReferenceResult {
  const times: number[] = [];
  for (let t = from; t <= to; t += step) times.push(t);
  const sorted = [...samples].sort((a, b) => a.time - b.time);
  const perStep = times.map((start) => {
    const inside = sorted.filter((s) => s.time >= start && s.time < start + step);
    if (inside.length > 0) return inside;
    const before = sorted.filter((s) => s.time < start).pop();
    return before && start < before.time + before.step ? [before] : null;
  });
  const names = new Set<string>();
  for (const s of sorted) for (const [name, v] of s.values) if (v !== 0) names.add(name);
  const valueAt = (name: string, i: number): number | null => {
    const list = perStep[i];
    if (!list) return null;
    let sum = 0;
    for (const s of list) sum += s.values.get(name) ?? 0;
    return sum / list.length;
  };
  const all = [...names].map((name) => {
    const values = times.map((_, i) => valueAt(name, i));
    return { name, values, sum: values.reduce<number>((a, v) => a + (v ?? 0), 0) };
  });
  all.sort((a, b) => b.sum - a.sum || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const kept = all.filter((s) => s.sum > 0);
  const n = top === 0 ? kept.length : Math.min(top, kept.length);
  const series = kept.slice(0, n).map((s) => ({ name: s.name, values: s.values.map((v) => (v === null ? null : round(v))) }));
  if (kept.length > n) {
    const rest = kept.slice(n);
    series.push({
      name: 'others',
      values: times.map((_, i) => (perStep[i] ? round(rest.reduce((a, s) => a + (s.values[i] ?? 0), 0)) : null)),
    });
  }
  return { times, series };
}

/** The same for the whole cluster: one value per sample. */
export function referenceTotal(samples: { time: number; step: number; value: number }[], from: number, to: number, step: number): (number | null)[] {
  const asSeries = samples.map((s) => ({ time: s.time, step: s.step, values: new Map([['total', s.value]]) }));
  const result = referenceSeries(asSeries, from, to, step, 0);
  const total = result.series.find((s) => s.name === 'total');
  return total ? total.values : result.times.map((_, i) => (samples.some((s) => s.time >= from + i * step && s.time < from + (i + 1) * step) ? 0 : null));
}
