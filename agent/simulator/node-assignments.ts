/**
 * Which jobs hold which cores of each node, with slot numbers. The job renderers take slots in the
 * same order (jobs by id, running ones only), so `exec_host` and pbsnodes `jobs` agree.
 */
import { compareJobIds } from '../../protocol/canonical-order.ts';
import { SlotCounter } from './render-context.ts';
import type { SyntheticCluster } from './synthetic-cluster.ts';

export interface Assignment {
  jobId: string;
  firstSlot: number;
  cores: number;
  gpus: number;
  /** The job has the whole node (a wide job placed exclusively). */
  exclusive: boolean;
}

export function holdsCores(state: string): boolean {
  return state === 'running' || state === 'exiting' || state === 'suspended';
}

/** Node index → the jobs on it. */
export function nodeAssignments(cluster: SyntheticCluster): Map<number, Assignment[]> {
  const byNode = new Map<number, Assignment[]>();
  const slots = new SlotCounter();
  const jobs = cluster.jobs().sort((a, b) => compareJobIds(a.id, b.id));
  for (const job of jobs) {
    if (!holdsCores(job.state)) continue;
    const placement = cluster.placementOf(job.id);
    for (const chunk of placement) {
      const list = byNode.get(chunk.node) ?? [];
      list.push({
        jobId: job.id,
        firstSlot: slots.take(chunk.node, chunk.cores),
        cores: chunk.cores,
        gpus: chunk.gpus,
        exclusive: placement.length > 1 && chunk.cores === cluster.nodes[chunk.node]!.cores,
      });
      byNode.set(chunk.node, list);
    }
  }
  return byNode;
}
