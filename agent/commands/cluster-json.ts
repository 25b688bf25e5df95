/** The JSON that `parse` and `collect` print: `{scheduler, jobs, nodes, queues, summary}`. */
import type { CollectedCluster } from '../collector/collected-cluster.ts';

export function clusterJson(cluster: CollectedCluster, compact: boolean): string {
  const { scheduler, jobs, nodes, queues, summary } = cluster;
  return `${JSON.stringify({ scheduler, jobs, nodes, queues, summary }, null, compact ? undefined : 2)}\n`;
}
