/**
 * Slurm job states to the DESIGN words.
 *
 * Slurm prints a base state and flags: text forms print one word, the flag winning where it
 * matters (`COMPLETING`, `CONFIGURING`, `REQUEUE_HOLD` ...); newer JSON prints a list
 * (`["PENDING","REQUEUED"]`). Both come here as a list of words, long (`PENDING`) or compact (`PD`).
 *
 * Decisions (FORMATS.md §1 for the PBS side they must agree with):
 * - RUNNING, CONFIGURING (nodes booting, resources already held), RESIZING, SIGNALING: running;
 * - COMPLETING and STAGE_OUT: exiting (still holding resources, like PBS `E`);
 * - SUSPENDED and STOPPED: suspended;
 * - PENDING, REQUEUED, REQUEUE_FED: queued, except by the pending reason:
 *   a hold (`JobHeldUser`, `JobHeldAdmin`) and a dependency (`Dependency`,
 *   `DependencyNeverSatisfied`) are held, as PBS shows both as `H`; `BeginTime` is waiting, as
 *   PBS `W` (a start time in the future);
 * - REQUEUE_HOLD, RESV_DEL_HOLD and SPECIAL_EXIT are held (requeued, waiting for someone);
 * - COMPLETED, CANCELLED, FAILED, TIMEOUT, NODE_FAIL, PREEMPTED, OUT_OF_MEMORY, BOOT_FAIL,
 *   DEADLINE, REVOKED: completed (listed for a while after the end, never counted).
 */
import type { JobState } from '../../protocol/model.ts';

const COMPACT: Record<string, string> = {
  PD: 'PENDING',
  R: 'RUNNING',
  S: 'SUSPENDED',
  ST: 'STOPPED',
  CG: 'COMPLETING',
  CD: 'COMPLETED',
  CF: 'CONFIGURING',
  CA: 'CANCELLED',
  F: 'FAILED',
  TO: 'TIMEOUT',
  PR: 'PREEMPTED',
  NF: 'NODE_FAIL',
  BF: 'BOOT_FAIL',
  DL: 'DEADLINE',
  OOM: 'OUT_OF_MEMORY',
  RQ: 'REQUEUED',
  RF: 'REQUEUE_FED',
  RH: 'REQUEUE_HOLD',
  RS: 'RESIZING',
  RV: 'REVOKED',
  SI: 'SIGNALING',
  SE: 'SPECIAL_EXIT',
  SO: 'STAGE_OUT',
  RD: 'RESV_DEL_HOLD',
};

/** Flags that decide the word whatever the base state says, strongest first. */
const FLAG_STATES: readonly (readonly [string, JobState])[] = [
  ['COMPLETING', 'exiting'],
  ['STAGE_OUT', 'exiting'],
  ['REQUEUE_HOLD', 'held'],
  ['RESV_DEL_HOLD', 'held'],
  ['SPECIAL_EXIT', 'held'],
  ['CONFIGURING', 'running'],
  ['RESIZING', 'running'],
  ['SIGNALING', 'running'],
  ['STOPPED', 'suspended'],
];

const BASE_STATES: Record<string, JobState> = {
  PENDING: 'queued',
  REQUEUED: 'queued',
  REQUEUE_FED: 'queued',
  RUNNING: 'running',
  SUSPENDED: 'suspended',
  COMPLETED: 'completed',
  COMPLETE: 'completed',
  CANCELLED: 'completed',
  FAILED: 'completed',
  TIMEOUT: 'completed',
  NODE_FAIL: 'completed',
  PREEMPTED: 'completed',
  OUT_OF_MEMORY: 'completed',
  BOOT_FAIL: 'completed',
  DEADLINE: 'completed',
  REVOKED: 'completed',
};

const HELD_REASONS: ReadonlySet<string> = new Set(['JobHeldUser', 'JobHeldAdmin', 'Dependency', 'DependencyNeverSatisfied']);
const WAITING_REASONS: ReadonlySet<string> = new Set(['BeginTime']);

/** `PD` → `PENDING`, `cancelled by 0` → `CANCELLED`; upper case, long form. */
export function longStateWord(word: string): string {
  const trimmed = word.trim();
  const space = trimmed.search(/\s/);
  const upper = (space < 0 ? trimmed : trimmed.slice(0, space)).toUpperCase();
  return COMPACT[upper] ?? upper;
}

/** The word for a job's state words and pending reason, or null when no word is known. */
export function slurmJobState(words: readonly string[], reason: string | null): JobState | null {
  // The text forms print one word: look it up without building a set.
  if (words.length === 1) {
    const word = longStateWord(words[0]!);
    const flagged = FLAG_STATE_OF.get(word);
    return flagged ?? stateOfBase(word, reason);
  }
  const long = new Set(words.map(longStateWord).filter((word) => word !== ''));
  for (const [flag, state] of FLAG_STATES) if (long.has(flag)) return state;
  for (const word of long) {
    const state = stateOfBase(word, reason);
    if (state !== null) return state;
  }
  return null;
}

const FLAG_STATE_OF: ReadonlyMap<string, JobState> = new Map(FLAG_STATES);

function stateOfBase(word: string, reason: string | null): JobState | null {
  const state = BASE_STATES[word];
  if (state === undefined) return null;
  if (state !== 'queued' || reason === null) return state;
  if (HELD_REASONS.has(reason)) return 'held';
  if (WAITING_REASONS.has(reason)) return 'waiting';
  return 'queued';
}
