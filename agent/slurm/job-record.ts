/**
 * One Slurm job as every Slurm source describes it (`squeue` text, `squeue --json`,
 * `scontrol show job`), and its conversion to protocol Jobs.
 *
 * Decisions (DESIGN.md "The model", FORMATS.md §2 and §8):
 * - group: the Slurm account when the job has one, else the Unix group. Accounts are what Slurm
 *   sites share out and what people mean by "their group" there; the Unix group is often one
 *   catch-all (`users`, `domain users`). The account is also kept as `account`.
 * - queue: the partition; a job pending in several partitions (`batch,short`) counts in the first.
 * - cores: Slurm's CPU count (`NumCPUs`, `cpus`): allocated when running, requested when pending.
 * - GPUs: the TRES the job holds (or asked for) when the site tracks GPUs as TRES; otherwise the
 *   GPU request: per job, per node × nodes, per task × tasks.
 * - memory: TRES `mem`, else what the source knows of the request.
 * - a pending task list (`123_[5-9]`) becomes one job per task (`123_5` ...), as
 *   `squeue --array` prints them, so job counts agree between the text and JSON forms; a list
 *   longer than MAX_EXPANDED_TASKS or one Slurm cut short stays one job holding every task's cores.
 *   Slurm has no array parent record like PBS `123[]`, so no Slurm job is an array parent.
 * - comment: the pending (or failure) reason; `None` is no comment.
 * - started: the start time of a job that holds or held resources; for a pending job Slurm's start
 *   time is the backfill scheduler's estimate, so it becomes `estimatedStart`.
 * - a state word this code does not know is kept as rawState, reported, and read as `held`, the
 *   word that claims neither running nor waiting cores (as for PBS).
 */
import type { Job, JobState } from '../../protocol/model.ts';
import { expandTaskRanges, jobIdParts, MAX_EXPANDED_TASKS, readTaskList } from './array-tasks.ts';
import { slurmJobState } from './job-state.ts';
import { gpusInGres, readTres } from './tres.ts';

export interface SlurmJobRecord {
  /** The id as printed: `123`, `123_4`, `123_[5-9]`, `123+1`. */
  id: string;
  name: string | null;
  user: string | null;
  unixGroup: string | null;
  account: string | null;
  /** One partition, or a comma list for a job pending in several. */
  partition: string | null;
  /** Long (`PENDING`) or compact (`PD`) words; several for newer JSON. */
  stateWords: string[];
  reason: string | null;
  cpus: number | null;
  nodeCount: number | null;
  tasks: number | null;
  /** TRES held by a running job, or asked for by a pending one. */
  tres: string | null;
  tresPerJob: string | null;
  tresPerNode: string | null;
  tresPerTask: string | null;
  /** GRES allocated per node (`gpu:tesla:1(IDX:0)`, JSON `gres_detail`). */
  gresDetail: string[];
  /** Memory the request implies, when the source knows it (used when TRES has no `mem`). */
  requestedMemoryBytes: number | null;
  walltimeLimit: number | null;
  submittedAt: number | null;
  /** Start time as printed: the real start, or the estimate of a pending job. */
  startTime: number | null;
}

const HOLDS_OR_HELD: ReadonlySet<JobState> = new Set(['running', 'exiting', 'suspended', 'completed']);
const WAITS: ReadonlySet<JobState> = new Set(['queued', 'held', 'waiting']);

/** The record's jobs (several for a pending task list); `warnings` collects what was survived. */
export function jobsOfRecord(record: SlurmJobRecord, warnings: string[], where: string): Job[] {
  if (record.id === '') {
    warnings.push(`${where}: a job without an id skipped`);
    return [];
  }
  const stateWord = slurmJobState(record.stateWords, record.reason);
  const rawState = record.stateWords.join(',') || '(none)';
  if (stateWord === null) warnings.push(`${where}: job ${record.id}: unknown state '${rawState}' read as held`);
  const state: JobState = stateWord ?? 'held';

  const tres = readTres(record.tres);
  const nodeCount = record.nodeCount ?? tres.nodes ?? 1;
  const tasks = record.tasks ?? 1;
  const cpus = record.cpus ?? tres.cpus ?? 1;
  const gpus = tres.gpus ?? sumGres(record.gresDetail) ?? requestedGpus(record, nodeCount, tasks) ?? 0;
  const partition = record.partition?.split(',')[0]?.trim() || '(none)';
  const user = record.user ?? '(unknown)';
  if (record.user === null) warnings.push(`${where}: job ${record.id}: no user`);

  const base: Job = {
    id: record.id,
    arrayParent: null,
    arrayIndex: null,
    isArrayParent: false,
    name: record.name ?? '',
    user,
    group: record.account ?? record.unixGroup,
    account: record.account,
    queue: partition,
    state,
    rawState,
    cores: cpus,
    gpus,
    nodeCount,
    memoryBytes: tres.memoryBytes ?? record.requestedMemoryBytes,
    walltimeLimit: record.walltimeLimit,
    submittedAt: record.submittedAt,
    startedAt: HOLDS_OR_HELD.has(state) ? record.startTime : null,
    comment: record.reason,
    estimatedStart: WAITS.has(state) ? record.startTime : null,
  };

  const parts = jobIdParts(record.id);
  if (parts.taskIndex !== null) return [{ ...base, arrayParent: parts.arrayJobId, arrayIndex: parts.taskIndex }];
  if (parts.taskList === null) return [base];

  const list = readTaskList(parts.taskList);
  if (!list.ok || list.count > MAX_EXPANDED_TASKS) {
    const count = list.ok ? list.count : 1;
    warnings.push(`${where}: job ${record.id}: ${list.ok ? `${count} tasks kept as one job` : `${list.reason}; kept as one job`}`);
    return [{ ...base, arrayParent: parts.arrayJobId, cores: cpus * count, gpus: gpus * count }];
  }
  return expandTaskRanges(list.ranges).map((index) => ({
    ...base,
    id: `${parts.arrayJobId}_${index}`,
    arrayParent: parts.arrayJobId,
    arrayIndex: index,
  }));
}

function requestedGpus(record: SlurmJobRecord, nodeCount: number, tasks: number): number | null {
  const perJob = gpusInGres(record.tresPerJob);
  if (perJob !== null) return perJob;
  const perNode = gpusInGres(record.tresPerNode);
  if (perNode !== null) return perNode * nodeCount;
  const perTask = gpusInGres(record.tresPerTask);
  if (perTask !== null) return perTask * tasks;
  return null;
}

function sumGres(entries: readonly string[]): number | null {
  let total: number | null = null;
  for (const entry of entries) {
    const gpus = gpusInGres(entry);
    if (gpus !== null) total = (total ?? 0) + gpus;
  }
  return total;
}
