/**
 * A Slurm partition as a protocol Queue.
 *
 * Slurm partition states (sinfo `AVAIL`, scontrol `State=`, JSON `state`) say two things that PBS
 * keeps apart as `enabled` (accepts new jobs) and `started` (starts jobs):
 * UP: both; DOWN: accepts, starts none; DRAIN: starts what it holds, accepts none; INACTIVE:
 * neither. Every partition is an execution queue. `priority` is the PriorityTier (the order in
 * which the scheduler considers partitions). Limits keep Slurm's own key names and printed values,
 * leaving out the values that mean "no limit" (`UNLIMITED`, `infinite`, `ALL`, `NONE`, `n/a`).
 */
import { emptyJobCounts, type Queue } from '../../protocol/model.ts';

export interface PartitionFacts {
  name: string;
  /** UP, DOWN, DRAIN, INACTIVE (any case; sinfo prints `inact`). */
  availability: string | null;
  walltimeMax: number | null;
  priorityTier: number | null;
  /** Slurm key → value as printed, before the no-limit values are dropped. */
  limits: Record<string, string>;
}

const NO_LIMIT = /^(unlimited|infinite|all|none|n\/a|\(null\)|)$/i;

export type PartitionReading = { queue: Queue; unknownState: string | null };

export function queueOfPartition(facts: PartitionFacts): PartitionReading {
  const availability = (facts.availability ?? '').trim().toLowerCase();
  let enabled = true;
  let started = true;
  let unknownState: string | null = null;
  if (availability === 'down') started = false;
  else if (availability === 'drain') enabled = false;
  else if (availability === 'inactive' || availability === 'inact') {
    enabled = false;
    started = false;
  } else if (availability !== 'up') {
    unknownState = facts.availability;
  }
  const limits: Record<string, string> = {};
  for (const [key, value] of Object.entries(facts.limits)) if (!NO_LIMIT.test(value.trim())) limits[key] = value.trim();
  return {
    queue: {
      name: facts.name,
      kind: 'execution',
      enabled,
      started,
      jobs: emptyJobCounts(),
      walltimeMax: facts.walltimeMax,
      priority: facts.priorityTier,
      limits,
    },
    unknownState,
  };
}
