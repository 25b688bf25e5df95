/**
 * Scheduler job states to the DESIGN words.
 *
 * PBS letters (FORMATS.md §1): Torque C and PBS Pro F/X/M are finished jobs still listed
 * (`keep_completed`, `qstat -x` history), so they are `completed` and never count. B (PBS Pro) is an
 * array parent with running subjobs: `running`, and the parser marks it as an array parent so that
 * it never counts either. U (PBS Pro, suspended for workstation activity) is `suspended`.
 */
import type { JobState } from '../../protocol/model.ts';

const PBS_STATES: Record<string, JobState> = {
  Q: 'queued',
  H: 'held',
  W: 'waiting',
  R: 'running',
  E: 'exiting',
  S: 'suspended',
  U: 'suspended',
  T: 'transit',
  B: 'running',
  C: 'completed',
  F: 'completed',
  X: 'completed',
  M: 'completed',
};

/** The word for a PBS state letter, or null for a letter PBS does not define. */
export function pbsJobState(letter: string): JobState | null {
  return PBS_STATES[letter.trim()] ?? null;
}

/**
 * Moab and Maui state words (`showq`, `checkjob`, `showq --xml`). Holds and deferral are `held`
 * (the job will not start until someone or something releases it); Idle is `queued`.
 */
const MOAB_STATES: Record<string, JobState> = {
  running: 'running',
  starting: 'running',
  idle: 'queued',
  eligible: 'queued',
  hold: 'held',
  userhold: 'held',
  systemhold: 'held',
  batchhold: 'held',
  deferred: 'held',
  blocked: 'held',
  notqueued: 'held',
  suspended: 'suspended',
  completed: 'completed',
  removed: 'completed',
  vacated: 'completed',
  canceling: 'exiting',
  staging: 'transit',
  staged: 'transit',
  migrated: 'transit',
};

export function moabJobState(word: string): JobState | null {
  return MOAB_STATES[word.trim().toLowerCase()] ?? null;
}
