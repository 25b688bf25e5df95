/**
 * History blocks made from a list of summaries, as the gateway's per-poll tier gives them: the
 * tests' source of history (browser-safe: no Node imports).
 */
import { TOTAL_METRICS, USAGE_METRICS, type HistoryBlock, type HistorySeries } from '../../protocol/history.ts';
import type { Summary } from '../../protocol/model.ts';

export interface RecordedSample {
  time: number;
  summary: Summary;
}

/** History rows as the gateway's tiers would give them for per-poll samples. */
export function blockOf(cluster: string, step: number, samples: readonly RecordedSample[]): HistoryBlock {
  const totals = Object.fromEntries(TOTAL_METRICS.map((metric) => [metric, [] as number[]])) as HistoryBlock['totals'];
  const series = new Map<string, HistorySeries>();
  samples.forEach(({ summary }, at) => {
    totals.coresTotal.push(summary.coresTotal);
    totals.coresUsed.push(summary.coresUsed);
    totals.coresUnavailable.push(summary.coresUnavailable);
    totals.gpusTotal.push(summary.gpusTotal);
    totals.gpusUsed.push(summary.gpusUsed);
    totals.jobsRunning.push(summary.jobs.running + summary.jobs.exiting);
    totals.jobsQueued.push(summary.jobs.queued + summary.jobs.waiting + summary.jobs.transit);
    totals.jobsHeld.push(summary.jobs.held);
    const rows = [
      ['user', summary.users],
      ['group', summary.groups],
      ['queue', summary.queues],
    ] as const;
    for (const [dimension, list] of rows) {
      for (const row of list) {
        const key = `${dimension}\n${row.name}`;
        let entry = series.get(key);
        if (!entry) {
          entry = { dimension, name: row.name, at: [], values: Object.fromEntries(USAGE_METRICS.map((m) => [m, [] as number[]])) as HistorySeries['values'] };
          series.set(key, entry);
        }
        entry.at.push(at);
        for (const metric of USAGE_METRICS) entry.values[metric].push(row[metric]);
      }
    }
  });
  return { cluster, step, times: samples.map((s) => s.time), totals, series: [...series.values()] };
}

