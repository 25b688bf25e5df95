/**
 * Samples: what one time of one cluster's history holds, whether it came from a history block or
 * from a live snapshot. The store writes them; the retention rules average them.
 */
import { TOTAL_METRICS, USAGE_METRICS, type Dimension, type HistoryBlock, type UsageMetric } from '../protocol/history.ts';
import type { Snapshot, Usage } from '../protocol/model.ts';

/** Cluster totals of one sample, TOTAL_METRICS plus the queued sums. */
export interface SampleTotals {
  coresTotal: number;
  coresUsed: number;
  coresUnavailable: number;
  gpusTotal: number;
  gpusUsed: number;
  jobsRunning: number;
  jobsQueued: number;
  jobsHeld: number;
  coresQueued: number;
  gpusQueued: number;
}

/** The protocol's totals, and the queued cores and GPUs a history block carries beside them. */
export const SAMPLE_TOTAL_KEYS = [...TOTAL_METRICS, 'coresQueued', 'gpusQueued'] as const satisfies readonly (keyof SampleTotals)[];

export interface Sample {
  time: number;
  step: number;
  totals: SampleTotals;
  /** Per dimension, name → values; a name absent at a time means zero. */
  usage: Record<Dimension, Map<string, Record<UsageMetric, number>>>;
}

function usageValues(row: Usage): Record<UsageMetric, number> {
  const values = {} as Record<UsageMetric, number>;
  for (const metric of USAGE_METRICS) values[metric] = row[metric];
  return values;
}

/** The sample a live snapshot stands for. Running counts include exiting jobs, as the usage rows
 * do (protocol/summary.ts), so 'total' equals the sum of the users at every time. */
export function sampleOfSnapshot(snapshot: Snapshot, step: number): Sample {
  const s = snapshot.summary;
  let coresQueued = 0;
  let gpusQueued = 0;
  for (const row of s.queues) {
    coresQueued += row.coresQueued;
    gpusQueued += row.gpusQueued;
  }
  const usage = { user: new Map(), group: new Map(), queue: new Map() } as Sample['usage'];
  for (const row of s.users) usage.user.set(row.name, usageValues(row));
  for (const row of s.groups) usage.group.set(row.name, usageValues(row));
  for (const row of s.queues) usage.queue.set(row.name, usageValues(row));
  return {
    time: snapshot.time,
    step,
    totals: {
      coresTotal: s.coresTotal,
      coresUsed: s.coresUsed,
      coresUnavailable: s.coresUnavailable,
      gpusTotal: s.gpusTotal,
      gpusUsed: s.gpusUsed,
      jobsRunning: s.jobs.running + s.jobs.exiting,
      jobsQueued: s.jobs.queued + s.jobs.waiting + s.jobs.transit,
      jobsHeld: s.jobs.held,
      coresQueued,
      gpusQueued,
    },
    usage,
  };
}

/** The samples of a history block, one per time. */
export function samplesOfBlock(block: HistoryBlock): Sample[] {
  const samples: Sample[] = block.times.map((time, at) => ({
    time,
    step: block.step,
    totals: {
      coresTotal: block.totals.coresTotal[at] ?? 0,
      coresUsed: block.totals.coresUsed[at] ?? 0,
      coresUnavailable: block.totals.coresUnavailable[at] ?? 0,
      gpusTotal: block.totals.gpusTotal[at] ?? 0,
      gpusUsed: block.totals.gpusUsed[at] ?? 0,
      jobsRunning: block.totals.jobsRunning[at] ?? 0,
      jobsQueued: block.totals.jobsQueued[at] ?? 0,
      jobsHeld: block.totals.jobsHeld[at] ?? 0,
      coresQueued: 0,
      gpusQueued: 0,
    },
    usage: { user: new Map(), group: new Map(), queue: new Map() },
  }));
  for (const series of block.series) {
    series.at.forEach((at, k) => {
      const sample = samples[at]!;
      const values = {} as Record<UsageMetric, number>;
      for (const metric of USAGE_METRICS) values[metric] = series.values[metric][k] ?? 0;
      sample.usage[series.dimension].set(series.name, values);
      if (series.dimension === 'queue') {
        sample.totals.coresQueued += values.coresQueued;
        sample.totals.gpusQueued += values.gpusQueued;
      }
    });
  }
  return samples;
}
