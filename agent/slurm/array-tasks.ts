/**
 * Slurm job ids and job-array task lists.
 *
 * Ids as printed (`squeue %i`/`JobArrayID`, JSON fields): `123` a job; `123_4` task 4 of array
 * job 123; `123_[5-9]` the tasks of array 123 that are still pending and not yet split into jobs
 * of their own (`squeue` without `--array`, JSON `array_task_string`); `123+1` component 1 of a
 * heterogeneous job. Task lists: `1-10`, `1-10:2` (step), `1,3,5-7`, `%4` (at most 4 at once,
 * which does not change how many wait), and a trailing `...` when Slurm cut a long list.
 */

/** Tasks expanded from one record at most; beyond, the record stays one job (with a warning). */
export const MAX_EXPANDED_TASKS = 100_000;

export interface JobIdParts {
  /** The id as printed. */
  id: string;
  /** Array job id for a task or a pending task list; otherwise null. */
  arrayJobId: string | null;
  /** The task index of one task. */
  taskIndex: number | null;
  /** A pending task list (`5-9`), still to be expanded. */
  taskList: string | null;
}

const TASK = /^(\d+)_(\d+)$/;
const TASK_LIST = /^(\d+)_\[(.+)\]$/;

export function jobIdParts(id: string): JobIdParts {
  const task = TASK.exec(id);
  if (task) return { id, arrayJobId: task[1]!, taskIndex: Number(task[2]), taskList: null };
  const list = TASK_LIST.exec(id);
  if (list) return { id, arrayJobId: list[1]!, taskIndex: null, taskList: list[2]! };
  return { id, arrayJobId: null, taskIndex: null, taskList: null };
}

export interface TaskRange {
  first: number;
  last: number;
  step: number;
}

export type TaskList = { ok: true; ranges: TaskRange[]; count: number } | { ok: false; reason: string };

/** The ranges of a task list and how many tasks they hold, without expanding them. */
export function readTaskList(list: string): TaskList {
  const body = list.replace(/%\d+$/, '').trim();
  if (body.endsWith('...')) return { ok: false, reason: `task list '${list}' was cut short by Slurm` };
  const ranges: TaskRange[] = [];
  let count = 0;
  for (const part of body.split(',')) {
    const range = /^(\d+)(?:-(\d+)(?::(\d+))?)?$/.exec(part.trim());
    if (!range) return { ok: false, reason: `task list '${list}' is not a list of indices and ranges` };
    const first = Number(range[1]);
    const last = range[2] === undefined ? first : Number(range[2]);
    const step = range[3] === undefined ? 1 : Number(range[3]);
    if (last < first || step < 1) return { ok: false, reason: `task range '${part}' runs backwards` };
    ranges.push({ first, last, step });
    count += Math.floor((last - first) / step) + 1;
  }
  return { ok: true, ranges, count };
}

/** The task indices of ranges, in the order written. */
export function expandTaskRanges(ranges: readonly TaskRange[]): number[] {
  const tasks: number[] = [];
  for (const { first, last, step } of ranges) for (let index = first; index <= last; index += step) tasks.push(index);
  return tasks;
}
