/**
 * The canonical order of records in a snapshot. `diff` and `apply` merge sorted lists, so every
 * producer of snapshots (agent, gateway views, tests) must sort with these comparators; the result
 * is what makes `apply(previous, diff(previous, next))` equal `next` element for element.
 */
import { NODE_STATES, type Job, type Node, type Queue, type Snapshot, type Summary, type Usage } from './model.ts';

/** Plain UTF-16 code-unit order: the same in every locale and every engine. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const JOB_ID = /^(\d+)(?:\[(\d*)\])?(.*)$/s;

/**
 * Numeric order of job ids (`99.srv` before `100.srv`), array parent `5[]` before its subjobs
 * `5[1]`, `5[2]`, `5[10]`; ids of another shape fall back to code-unit order after numeric ones.
 * Distinct ids never compare equal.
 */
export function compareJobIds(a: string, b: string): number {
  if (a === b) return 0;
  const ma = JOB_ID.exec(a);
  const mb = JOB_ID.exec(b);
  if (ma && mb) {
    const byNumber = compareDigits(ma[1]!, mb[1]!);
    if (byNumber !== 0) return byNumber;
    const byArray = compareArrayPart(ma[2], mb[2]);
    if (byArray !== 0) return byArray;
    const bySuffix = compareNames(ma[3]!, mb[3]!);
    if (bySuffix !== 0) return bySuffix;
  } else if (ma) {
    return -1;
  } else if (mb) {
    return 1;
  }
  return compareNames(a, b);
}

function compareDigits(a: string, b: string): number {
  const ta = a.replace(/^0+(?=\d)/, '');
  const tb = b.replace(/^0+(?=\d)/, '');
  if (ta.length !== tb.length) return ta.length - tb.length;
  return compareNames(ta, tb);
}

/** undefined (no brackets) < '' (parent `[]`) < '1' < '2' < '10'. */
function compareArrayPart(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  if (a === '') return -1;
  if (b === '') return 1;
  return compareDigits(a, b);
}

export const byJobId = (a: Job, b: Job): number => compareJobIds(a.id, b.id);
export const byName = (a: { name: string }, b: { name: string }): number => compareNames(a.name, b.name);

function sortedUnique<T>(items: readonly T[], keyOf: (item: T) => string, compare: (a: T, b: T) => number): T[] {
  const lastByKey = new Map<string, T>();
  for (const item of items) lastByKey.set(keyOf(item), item);
  return [...lastByKey.values()].sort(compare);
}

export function canonicalJobs(jobs: readonly Job[]): Job[] {
  return sortedUnique(jobs, (job) => job.id, byJobId);
}

export function canonicalNodes(nodes: readonly Node[]): Node[] {
  return sortedUnique(nodes, (node) => node.name, byName).map((node) => ({
    ...node,
    states: NODE_STATES.filter((state) => node.states.includes(state)),
  }));
}

export function canonicalQueues(queues: readonly Queue[]): Queue[] {
  return sortedUnique(queues, (queue) => queue.name, byName).map((queue) => ({
    ...queue,
    limits: Object.fromEntries(Object.entries(queue.limits).sort(([a], [b]) => compareNames(a, b))),
  }));
}

export function canonicalUsage(rows: readonly Usage[]): Usage[] {
  return sortedUnique(rows, (row) => row.name, byName);
}

export function canonicalSummary(summary: Summary): Summary {
  return {
    ...summary,
    users: canonicalUsage(summary.users),
    groups: canonicalUsage(summary.groups),
    queues: canonicalUsage(summary.queues),
  };
}

/** Sorts and de-duplicates every list of a snapshot (the last record of a duplicated key wins). */
export function canonicalSnapshot(snapshot: Snapshot): Snapshot {
  return {
    ...snapshot,
    summary: canonicalSummary(snapshot.summary),
    jobs: canonicalJobs(snapshot.jobs),
    nodes: canonicalNodes(snapshot.nodes),
    queues: canonicalQueues(snapshot.queues),
  };
}
