/**
 * Derives the Summary (what most widgets draw) from jobs and nodes.
 *
 * Counting rules (DESIGN.md "The model", FORMATS.md §2):
 * - running and exiting jobs hold their cores and GPUs (an exiting job has not released them yet);
 * - queued, waiting and transit jobs are "queued"; held jobs are "held", not queued;
 * - array parents are never counted anywhere: their subjobs are listed and counted instead;
 * - completed jobs appear in the state counts only, never in usage;
 * - cores used is the sum over running jobs, so per-user numbers add up to the cluster's;
 *   cores total and GPUs total come from the nodes.
 */
import { canonicalUsage } from './canonical-order.ts';
import {
  emptyJobCounts,
  emptyNodeCounts,
  type Job,
  type JobState,
  type Node,
  type NodeState,
  type Summary,
  type Usage,
} from './model.ts';

/** The name under which jobs without a known group are counted. */
export const UNKNOWN_GROUP = '(unknown)';

/** Which state decides a node's place in the node counts, most severe first. */
const NODE_STATE_PRECEDENCE: readonly NodeState[] = [
  'down',
  'offline',
  'unknown',
  'reserved',
  'busy',
  'partly-used',
  'free',
];

const UNAVAILABLE: ReadonlySet<NodeState> = new Set(['down', 'offline', 'unknown']);

export function primaryNodeState(node: Node): NodeState {
  for (const state of NODE_STATE_PRECEDENCE) if (node.states.includes(state)) return state;
  return 'unknown';
}

export function holdsResources(state: JobState): boolean {
  return state === 'running' || state === 'exiting';
}

export function isQueued(state: JobState): boolean {
  return state === 'queued' || state === 'waiting' || state === 'transit';
}

function emptyUsage(name: string): Usage {
  return { name, coresRunning: 0, coresQueued: 0, gpusRunning: 0, gpusQueued: 0, jobsRunning: 0, jobsQueued: 0, jobsHeld: 0 };
}

function usageOf(rows: Map<string, Usage>, name: string): Usage {
  let row = rows.get(name);
  if (!row) {
    row = emptyUsage(name);
    rows.set(name, row);
  }
  return row;
}

function addJob(row: Usage, job: Job): void {
  if (holdsResources(job.state)) {
    row.coresRunning += job.cores;
    row.gpusRunning += job.gpus;
    row.jobsRunning += 1;
  } else if (isQueued(job.state)) {
    row.coresQueued += job.cores;
    row.gpusQueued += job.gpus;
    row.jobsQueued += 1;
  } else if (job.state === 'held') {
    row.jobsHeld += 1;
  }
}

export function deriveSummary(jobs: readonly Job[], nodes: readonly Node[]): Summary {
  const jobCounts = emptyJobCounts();
  const nodeCounts = emptyNodeCounts();
  const users = new Map<string, Usage>();
  const groups = new Map<string, Usage>();
  const queues = new Map<string, Usage>();
  let coresUsed = 0;
  let gpusUsed = 0;
  let oldestQueuedSince: number | null = null;

  for (const job of jobs) {
    if (job.isArrayParent) continue;
    jobCounts[job.state] += 1;
    if (job.state === 'completed') continue;
    if (holdsResources(job.state)) {
      coresUsed += job.cores;
      gpusUsed += job.gpus;
    }
    if (isQueued(job.state) && job.submittedAt !== null) {
      if (oldestQueuedSince === null || job.submittedAt < oldestQueuedSince) oldestQueuedSince = job.submittedAt;
    }
    addJob(usageOf(users, job.user), job);
    addJob(usageOf(groups, job.group ?? UNKNOWN_GROUP), job);
    addJob(usageOf(queues, job.queue), job);
  }

  let coresTotal = 0;
  let coresUnavailable = 0;
  let gpusTotal = 0;
  for (const node of nodes) {
    const state = primaryNodeState(node);
    nodeCounts[state] += 1;
    coresTotal += node.cores;
    gpusTotal += node.gpus;
    if (UNAVAILABLE.has(state)) coresUnavailable += node.cores;
  }

  return {
    coresTotal,
    coresUsed,
    coresUnavailable,
    gpusTotal,
    gpusUsed,
    nodes: nodeCounts,
    jobs: jobCounts,
    oldestQueuedSince,
    users: canonicalUsage([...users.values()]),
    groups: canonicalUsage([...groups.values()]),
    queues: canonicalUsage([...queues.values()]),
  };
}
