/**
 * Moab/Maui knowledge added to PBS jobs (sites where Moab schedules Torque or PBS):
 * - a queued PBS job that Moab holds or defers (BatchHold, Deferred …) becomes `held` (its rawState
 *   stays the PBS letter), so its cores are not shown as waiting demand;
 * - Moab's pending reason (checkjob reasons, showq's blocked marker and BlockReason) replaces an
 *   empty PBS comment, and is added to a non-empty one;
 * - Moab's estimated start fills a missing one.
 * Jobs match by number (`4761849` in Moab is `4761849.server` in PBS; arrays keep `[i]`).
 */
import type { Job } from '../../protocol/model.ts';
import { jobNumberKey } from '../pbs/job-id.ts';

export function enrichWithMoab(pbsJobs: readonly Job[], moabJobs: readonly Job[]): Job[] {
  const byNumber = new Map<string, Job>();
  for (const job of moabJobs) byNumber.set(jobNumberKey(job.id), job);
  return pbsJobs.map((job) => {
    const moab = byNumber.get(jobNumberKey(job.id));
    if (!moab) return job;
    const waiting = job.state === 'queued' || job.state === 'waiting';
    const comment = moab.comment === null ? job.comment : job.comment === null || job.comment === moab.comment ? moab.comment : `${job.comment}; ${moab.comment}`;
    return {
      ...job,
      state: waiting && moab.state === 'held' ? 'held' : job.state,
      comment: waiting || job.state === 'held' ? comment : job.comment,
      estimatedStart: job.estimatedStart ?? (waiting ? moab.estimatedStart : null),
    };
  });
}
