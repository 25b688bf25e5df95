/**
 * History blocks filtered the way audience-snapshot.ts filters snapshots: `users` and `jobs` see
 * every series; a `summary` view sees per-queue series, and per-user and per-group series only as
 * pseudonyms for the busiest N of the block (by cores running, then cores waiting, summed over
 * the block) with the rest summed into `others`, or not at all without pseudonyms. Cluster totals
 * are never personal and always pass.
 */
import { USAGE_METRICS, type HistoryBlock, type HistorySeries, type UsageMetric } from '../../protocol/history.ts';
import { compareNames } from '../../protocol/canonical-order.ts';
import { OTHERS, type PseudonymDimension, type Pseudonyms } from './pseudonyms.ts';
import type { ViewSpec } from './view-spec.ts';

function total(series: HistorySeries, metric: UsageMetric): number {
  let sum = 0;
  for (const value of series.values[metric]) sum += value;
  return sum;
}

function byBusiestSeries(a: HistorySeries, b: HistorySeries): number {
  return (
    total(b, 'coresRunning') - total(a, 'coresRunning') ||
    total(b, 'coresQueued') - total(a, 'coresQueued') ||
    compareNames(a.name, b.name)
  );
}

/** Sums several series of one dimension into one, sample by sample. */
function sumSeries(dimension: HistorySeries['dimension'], name: string, parts: HistorySeries[], sampleCount: number): HistorySeries {
  if (parts.length === 1) return { ...parts[0]!, name };
  const present = new Uint8Array(sampleCount);
  const sums = Object.fromEntries(USAGE_METRICS.map((metric) => [metric, new Float64Array(sampleCount)])) as Record<UsageMetric, Float64Array>;
  for (const part of parts) {
    part.at.forEach((index, k) => {
      present[index] = 1;
      for (const metric of USAGE_METRICS) sums[metric][index]! += part.values[metric][k]!;
    });
  }
  const at: number[] = [];
  for (let index = 0; index < sampleCount; index++) if (present[index]) at.push(index);
  const values = Object.fromEntries(
    USAGE_METRICS.map((metric) => [metric, at.map((index) => Math.round(sums[metric][index]! * 100) / 100)]),
  ) as Record<UsageMetric, number[]>;
  return { dimension, name, at, values };
}

function pseudonymousSeries(all: HistorySeries[], dimension: PseudonymDimension, top: number, block: HistoryBlock, pseudonyms: Pseudonyms): HistorySeries[] {
  const ranked = all.filter((series) => series.dimension === dimension).sort(byBusiestSeries);
  const groups = new Map<string, HistorySeries[]>();
  ranked.forEach((series, i) => {
    const name = i < top ? pseudonyms.of(dimension, series.name) : OTHERS;
    const list = groups.get(name);
    if (list) list.push(series);
    else groups.set(name, [series]);
  });
  return [...groups].map(([name, parts]) => sumSeries(dimension, name, parts, block.times.length));
}

export function audienceHistory(block: HistoryBlock, view: ViewSpec, pseudonyms: Pseudonyms): HistoryBlock {
  if (view.level !== 'summary') return block;
  const queues = block.series.filter((series) => series.dimension === 'queue');
  if (!view.pseudonyms) return { ...block, series: queues };
  const users = pseudonymousSeries(block.series, 'user', view.top, block, pseudonyms);
  const groups = pseudonymousSeries(block.series, 'group', view.top, block, pseudonyms);
  const series = [...users, ...groups, ...queues].sort(
    (a, b) => compareNames(a.dimension, b.dimension) || compareNames(a.name, b.name),
  );
  return { ...block, series };
}
