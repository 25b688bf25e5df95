/**
 * What one collection read, before it becomes a Snapshot: the same shape the CLI prints
 * (`{scheduler, jobs, nodes, queues, summary}`, the JSON of `webstat-agent parse` and `collect`).
 */
import { canonicalJobs, canonicalNodes, canonicalQueues } from '../../protocol/canonical-order.ts';
import { emptyJobCounts, type Job, type Node, type Queue, type SchedulerInfo, type Summary } from '../../protocol/model.ts';
import { deriveSummary } from '../../protocol/summary.ts';
import type { ParsedOutput } from '../parse-result.ts';

export interface CollectedCluster {
  scheduler: SchedulerInfo;
  jobs: Job[];
  nodes: Node[];
  queues: Queue[];
  summary: Summary;
}

/**
 * Queue job counts are recounted from the job list (array parents left out) so that they add up
 * with the summary; the server's own `state_count` counts array parents and lags behind `-t`.
 */
function withJobCounts(queues: readonly Queue[], jobs: readonly Job[]): Queue[] {
  const counts = new Map(queues.map((queue) => [queue.name, emptyJobCounts()]));
  for (const job of jobs) {
    if (job.isArrayParent) continue;
    const row = counts.get(job.queue);
    if (row) row[job.state] += 1;
  }
  return queues.map((queue) => ({ ...queue, jobs: counts.get(queue.name)! }));
}

export function collectedCluster(scheduler: SchedulerInfo, parts: Pick<ParsedOutput, 'jobs' | 'nodes' | 'queues'>): CollectedCluster {
  const jobs = canonicalJobs(parts.jobs ?? []);
  const nodes = canonicalNodes(parts.nodes ?? []);
  const queues = canonicalQueues(parts.jobs ? withJobCounts(parts.queues ?? [], jobs) : (parts.queues ?? []));
  return { scheduler, jobs, nodes, queues, summary: deriveSummary(jobs, nodes) };
}

/** SchedulerInfo from what is known: for each field the first source that knows it wins. */
export function schedulerInfo(sources: readonly Partial<SchedulerInfo>[]): SchedulerInfo {
  const first = <K extends keyof SchedulerInfo>(key: K): SchedulerInfo[K] | undefined =>
    sources.find((source) => source[key] !== undefined && source[key] !== null)?.[key];
  return {
    kind: first('kind') ?? 'pbs',
    flavour: first('flavour') ?? 'unknown',
    version: first('version') ?? null,
    server: first('server') ?? null,
  };
}
