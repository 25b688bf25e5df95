/**
 * Snapshots built from a short list of jobs, so a history or polling test can say "alice runs 10
 * cores" and know exactly which numbers must come out. The summary is derived by the protocol's
 * own rules (protocol/summary.ts), as an agent would.
 */
import { canonicalSnapshot } from '../../protocol/canonical-order.ts';
import type { Job, JobState, Node, Snapshot } from '../../protocol/model.ts';
import { deriveSummary } from '../../protocol/summary.ts';

export interface TestJob {
  user: string;
  group?: string;
  queue?: string;
  state?: JobState;
  cores: number;
  gpus?: number;
}

export interface UsageSnapshotOptions {
  cluster?: string;
  seq: number;
  time: number;
  jobs: TestJob[];
  /** Nodes of 32 cores each; default 4. */
  nodes?: number;
}

export function usageSnapshot(options: UsageSnapshotOptions): Snapshot {
  const jobs: Job[] = options.jobs.map((job, index) => {
    const state = job.state ?? 'running';
    return {
      id: `${index + 1}.pbs01`,
      arrayParent: null,
      arrayIndex: null,
      isArrayParent: false,
      name: `run-${index + 1}`,
      user: job.user,
      group: job.group ?? `grp-${job.user}`,
      account: null,
      queue: job.queue ?? 'normal',
      state,
      rawState: state === 'running' ? 'R' : state === 'held' ? 'H' : 'Q',
      cores: job.cores,
      gpus: job.gpus ?? 0,
      nodeCount: 1,
      memoryBytes: null,
      walltimeLimit: 3600,
      submittedAt: options.time - 600,
      startedAt: state === 'running' ? options.time - 300 : null,
      comment: null,
      estimatedStart: null,
    };
  });
  const nodes: Node[] = Array.from({ length: options.nodes ?? 4 }, (_, i) => ({
    name: `n${String(i + 1).padStart(3, '0')}`,
    states: ['free'],
    cores: 32,
    coresUsed: 0,
    gpus: 2,
    gpusUsed: 0,
    memoryBytes: null,
    properties: [],
    comment: null,
  }));
  return canonicalSnapshot({
    cluster: options.cluster ?? 'hpc1',
    seq: options.seq,
    time: options.time,
    scheduler: { kind: 'pbs', flavour: 'openpbs', version: '23.06.06', server: 'pbs01' },
    status: { health: 'ok', code: null, message: null, lastOkAt: options.time, durationMs: 420, outputBytes: 2048 },
    summary: deriveSummary(jobs, nodes),
    jobs,
    nodes,
    queues: [],
  });
}
