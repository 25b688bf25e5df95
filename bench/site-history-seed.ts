/**
 * A week of history for the warm first-paint benchmark, in the worker's own saved format: per
 * cluster, the worker's ClusterHistory (sql.js) filled with 5-minute samples per user, exported as
 * the bytes the worker keeps in IndexedDB under that cluster's key (worker/persistence.ts, stored
 * as a Blob). The benchmark puts them into the browser before the page loads, as if the page had
 * been open all week.
 */
import initSqlJs from 'sql.js';
import { USAGE_METRICS, TOTAL_METRICS, type HistoryBlock, type TotalMetric, type UsageMetric } from '../protocol/history.ts';
import { ClusterHistory } from '../worker/cluster-history.ts';
import { samplesKey } from '../worker/persistence.ts';

export interface SeedCluster {
  name: string;
  coresTotal: number;
  users: string[];
}

const STEP = 300;

/** One IndexedDB record of the worker: its key, and the bytes to store there as a Blob. */
export interface HistoryRecord {
  key: string;
  bytes: Uint8Array;
}

/** The worker's history records holding `days` of samples for the clusters, one per cluster. */
export async function weekOfHistory(gateway: string, clusters: readonly SeedCluster[], endTime: number, days = 7): Promise<HistoryRecord[]> {
  const SQL = await initSqlJs();
  const count = Math.floor((days * 86_400) / STEP);
  const times = Array.from({ length: count }, (_, i) => endTime - (count - i) * STEP);
  return clusters.map((cluster) => {
    const history = ClusterHistory.create(SQL, gateway, cluster.name);
    try {
      history.addBlock('users', blockOf(cluster, times));
      return { key: samplesKey(gateway, cluster.name), bytes: history.export() };
    } finally {
      history.close();
    }
  });
}

function blockOf(cluster: SeedCluster, times: number[]): HistoryBlock {
  const shares = cluster.users.map((_, index) => 1 / (index + 1.5));
  const sum = shares.reduce((a, b) => a + b, 0);
  const series = cluster.users.map((name, index) => {
    const values = Object.fromEntries(USAGE_METRICS.map((metric) => [metric, [] as number[]])) as Record<UsageMetric, number[]>;
    times.forEach((_, t) => {
      // Busy days and quieter nights, each user at their own phase.
      const load = 0.55 + 0.3 * Math.sin((t / 288) * 2 * Math.PI + index) + 0.1 * Math.sin(t / 7 + index);
      const cores = Math.max(0, Math.round(((cluster.coresTotal * load * shares[index]!) / sum) / 4) * 4);
      values.coresRunning.push(cores);
      values.coresQueued.push(Math.round(cores * 0.8));
      values.gpusRunning.push(0);
      values.gpusQueued.push(0);
      values.jobsRunning.push(Math.ceil(cores / 16));
      values.jobsQueued.push(Math.ceil(cores / 20));
      values.jobsHeld.push(index % 5 === 0 ? 1 : 0);
    });
    return { dimension: 'user' as const, name, at: times.map((_, t) => t), values };
  });
  const totals = Object.fromEntries(TOTAL_METRICS.map((metric) => [metric, [] as number[]])) as Record<TotalMetric, number[]>;
  times.forEach((_, t) => {
    const used = series.reduce((total, one) => total + one.values.coresRunning[t]!, 0);
    totals.coresTotal.push(cluster.coresTotal);
    totals.coresUsed.push(used);
    totals.coresUnavailable.push(0);
    totals.gpusTotal.push(0);
    totals.gpusUsed.push(0);
    totals.jobsRunning.push(series.reduce((total, one) => total + one.values.jobsRunning[t]!, 0));
    totals.jobsQueued.push(series.reduce((total, one) => total + one.values.jobsQueued[t]!, 0));
    totals.jobsHeld.push(series.reduce((total, one) => total + one.values.jobsHeld[t]!, 0));
  });
  return { cluster: cluster.name, step: STEP, times, totals, series };
}
