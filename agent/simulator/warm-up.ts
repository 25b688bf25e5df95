/**
 * The simulator's warm-up (`webstat-agent simulate --warm-up-steps N`): the cluster takes N steps
 * before the agent listens, so it starts N intervals into its life. The demo uses it to fill the
 * gateway's history for the past day: each state reached is handed to `onState` as a protocol
 * snapshot frame, and the live agent then continues from the last of them (no seam between the
 * filled history and the first poll).
 *
 * The frames are made without the cluster's random source, so printing them or not leaves the same
 * cluster behind. History needs only a state's summary, so every frame but the last carries no
 * jobs, nodes or queues (encoding and storing the nodes tripled the gateway's cost per state); the
 * last is a whole `users`-level snapshot (no job table), which the gateway keeps as its last
 * snapshot until the first poll. Cost, measured for the demo's largest preset (6,000 jobs, 600
 * nodes) on a quiet machine: about 1.6 s for 288 steps with their frames.
 */
import { canonicalSnapshot } from '../../protocol/canonical-order.ts';
import { encodeMessage } from '../../protocol/frame.ts';
import { emptyJobCounts, type Snapshot } from '../../protocol/model.ts';
import { deriveSummary } from '../../protocol/summary.ts';
import { SIMULATED_SLURM_VERSION } from '../slurm/simulated-slurm.ts';
import { serverVersion } from './server-version.ts';
import type { SyntheticCluster } from './synthetic-cluster.ts';

/** The cluster's current state at the `users` level; `summaryOnly` leaves out nodes and queues. */
export function warmUpSnapshot(cluster: SyntheticCluster, summaryOnly = false): Snapshot {
  const { name, flavour, server } = cluster.options;
  const jobs = cluster.jobs();
  const queues = summaryOnly ? [] : cluster.queues.map((queue) => ({ ...queue, jobs: emptyJobCounts() }));
  const byName = new Map(queues.map((queue) => [queue.name, queue]));
  for (const job of summaryOnly ? [] : jobs) {
    const queue = byName.get(job.queue);
    if (queue && !job.isArrayParent) queue.jobs[job.state] += 1;
  }
  return canonicalSnapshot({
    cluster: name,
    seq: cluster.seq,
    time: cluster.time,
    scheduler: {
      kind: flavour === 'slurm' ? 'slurm' : 'pbs',
      flavour,
      version: flavour === 'slurm' ? SIMULATED_SLURM_VERSION : serverVersion(cluster),
      server,
    },
    status: { health: 'ok', code: null, message: null, lastOkAt: cluster.time, durationMs: null, outputBytes: null },
    summary: deriveSummary(jobs, cluster.nodes),
    jobs: [],
    nodes: summaryOnly ? [] : cluster.nodes.map((node) => ({ ...node, states: [...node.states], properties: [...node.properties] })),
    queues: summaryOnly ? [] : queues,
  });
}

/**
 * Steps the cluster `steps` times. With `onState`, each state reached is encoded as a snapshot
 * frame (summary only but the last) and handed over before the next step, so a caller may write
 * it out as it goes.
 */
export async function warmUp(cluster: SyntheticCluster, steps: number, onState?: (frame: Uint8Array, step: number) => Promise<void> | void): Promise<void> {
  for (let step = 1; step <= steps; step++) {
    cluster.step();
    if (onState) await onState(encodeMessage({ type: 'snapshot', level: 'users', snapshot: warmUpSnapshot(cluster, step < steps) }), step);
  }
}
