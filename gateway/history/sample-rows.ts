/**
 * What one poll leaves in history: the cluster's totals and one usage row per user, group and
 * queue, read off the snapshot's Summary. Rows whose every metric is zero are not kept (a user
 * with nothing running, queued or held is "zero" by the HistoryBlock rule: a time not listed).
 */
import { DIMENSIONS, USAGE_METRICS, type Dimension, type TotalMetric, type UsageMetric } from '../../protocol/history.ts';
import type { Summary, Usage } from '../../protocol/model.ts';

export interface UsageRow {
  dimension: Dimension;
  name: string;
  values: Record<UsageMetric, number>;
}

export interface SampleRows {
  time: number;
  totals: Record<TotalMetric, number>;
  usage: UsageRow[];
}

/**
 * Running counts running and exiting jobs (an exiting job still holds its cores), queued counts
 * queued, waiting and transit jobs, held counts held jobs: the same rules as the per-user rows of
 * protocol/summary.ts, so the users' lines add up to the cluster's.
 */
export function totalsOf(summary: Summary): Record<TotalMetric, number> {
  const jobs = summary.jobs;
  return {
    coresTotal: summary.coresTotal,
    coresUsed: summary.coresUsed,
    coresUnavailable: summary.coresUnavailable,
    gpusTotal: summary.gpusTotal,
    gpusUsed: summary.gpusUsed,
    jobsRunning: jobs.running + jobs.exiting,
    jobsQueued: jobs.queued + jobs.waiting + jobs.transit,
    jobsHeld: jobs.held,
  };
}

const ROWS_OF: Record<Dimension, (summary: Summary) => Usage[]> = {
  user: (summary) => summary.users,
  group: (summary) => summary.groups,
  queue: (summary) => summary.queues,
};

export function sampleRows(time: number, summary: Summary): SampleRows {
  const usage: UsageRow[] = [];
  for (const dimension of DIMENSIONS) {
    for (const row of ROWS_OF[dimension](summary)) {
      if (USAGE_METRICS.every((metric) => row[metric] === 0)) continue;
      const values = {} as Record<UsageMetric, number>;
      for (const metric of USAGE_METRICS) values[metric] = row[metric];
      usage.push({ dimension, name: row.name, values });
    }
  }
  return { time, totals: totalsOf(summary), usage };
}
