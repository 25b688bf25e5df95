/**
 * Deltas between two snapshots of one cluster. The one law (DESIGN.md):
 *
 *   apply(previous, diff(previous, next)) deep-equals next
 *
 * for canonical snapshots (canonical-order.ts). Lists are walked as sorted merges, so both
 * directions cost O(n) and `apply` keeps every unchanged record object as it was.
 */
import { compareJobIds, compareNames } from './canonical-order.ts';
import type { Job, Node, Queue, SchedulerInfo, Snapshot, Status, Usage } from './model.ts';
import { ProtocolError } from './protocol-error.ts';
import { changedFields, fieldEquals } from './record-codec.ts';
import {
  JOB_SCHEMA,
  NODE_SCHEMA,
  QUEUE_SCHEMA,
  SCHEDULER_SCHEMA,
  STATUS_SCHEMA,
  SUMMARY_TOTALS_SCHEMA,
  USAGE_SCHEMA,
  type Schema,
  type SummaryTotals,
} from './record-schema.ts';

export interface RecordChange<T> {
  key: string;
  /** Only the fields that changed. */
  fields: Partial<T>;
}

export interface RecordChanges<T> {
  /** Keys of records gone, in canonical order. */
  removed: string[];
  /** New records, in canonical order. */
  added: T[];
  /** Records whose fields changed, in canonical order. */
  changed: RecordChange<T>[];
}

export interface Delta {
  cluster: string;
  fromSeq: number;
  toSeq: number;
  time: number;
  /** Null when unchanged. */
  scheduler: SchedulerInfo | null;
  status: Status | null;
  totals: Partial<SummaryTotals> | null;
  users: RecordChanges<Usage>;
  groups: RecordChanges<Usage>;
  queueUsage: RecordChanges<Usage>;
  jobs: RecordChanges<Job>;
  nodes: RecordChanges<Node>;
  queues: RecordChanges<Queue>;
}

interface ListKind<T> {
  schema: Schema<T>;
  keyOf: (record: T) => string;
  compareKeys: (a: string, b: string) => number;
}

const JOBS: ListKind<Job> = { schema: JOB_SCHEMA, keyOf: (job) => job.id, compareKeys: compareJobIds };
const NODES: ListKind<Node> = { schema: NODE_SCHEMA, keyOf: (node) => node.name, compareKeys: compareNames };
const QUEUES: ListKind<Queue> = { schema: QUEUE_SCHEMA, keyOf: (queue) => queue.name, compareKeys: compareNames };
const USAGE: ListKind<Usage> = { schema: USAGE_SCHEMA, keyOf: (row) => row.name, compareKeys: compareNames };

export function diffRecords<T>(kind: ListKind<T>, previous: readonly T[], next: readonly T[]): RecordChanges<T> {
  const changes: RecordChanges<T> = { removed: [], added: [], changed: [] };
  let i = 0;
  let j = 0;
  while (i < previous.length || j < next.length) {
    const before = previous[i];
    const after = next[j];
    // Same object or same key: equal without running the comparator (a regex for job ids).
    const order =
      before === undefined
        ? 1
        : after === undefined
          ? -1
          : before === after
            ? 0
            : compareDistinct(kind, kind.keyOf(before), kind.keyOf(after));
    if (order < 0) {
      changes.removed.push(kind.keyOf(before!));
      i++;
    } else if (order > 0) {
      changes.added.push(after!);
      j++;
    } else {
      if (before !== after) {
        const fields = changedFields(kind.schema, before!, after!);
        if (fields) changes.changed.push({ key: kind.keyOf(after!), fields });
      }
      i++;
      j++;
    }
  }
  return changes;
}

function mismatch(message: string): ProtocolError {
  return new ProtocolError('delta-mismatch', message);
}

export function applyRecords<T>(kind: ListKind<T>, previous: readonly T[], changes: RecordChanges<T>): T[] {
  if (changes.removed.length === 0 && changes.added.length === 0 && changes.changed.length === 0) {
    return previous as T[];
  }
  const removed = new Set(changes.removed);
  const changed = new Map<string, Partial<T>>();
  for (const change of changes.changed) changed.set(change.key, change.fields);
  const kept: T[] = [];
  for (const record of previous) {
    const key = kind.keyOf(record);
    if (removed.delete(key)) continue;
    const fields = changed.get(key);
    if (fields) {
      changed.delete(key);
      kept.push({ ...record, ...fields });
    } else {
      kept.push(record);
    }
  }
  if (removed.size > 0) throw mismatch(`delta removes unknown ${[...removed][0]}`);
  if (changed.size > 0) throw mismatch(`delta changes unknown ${[...changed.keys()][0]}`);

  const added = changes.added;
  if (added.length === 0) return kept;
  for (let k = 1; k < added.length; k++) {
    if (kind.compareKeys(kind.keyOf(added[k - 1]!), kind.keyOf(added[k]!)) >= 0) throw mismatch('added records out of order');
  }
  // A poll adds a few records to thousands: find each one's place by binary search and copy the
  // runs between them, so the comparator runs O(added × log n) times, not once per record.
  const merged: T[] = new Array(kept.length + added.length);
  let from = 0;
  let out = 0;
  for (const record of added) {
    const key = kind.keyOf(record);
    let low = from;
    let high = kept.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const order = compareDistinct(kind, kind.keyOf(kept[middle]!), key);
      if (order === 0) throw mismatch(`delta adds ${key} twice`);
      if (order < 0) low = middle + 1;
      else high = middle;
    }
    if (low < kept.length && kind.keyOf(kept[low]!) === key) throw mismatch(`delta adds ${key} twice`);
    while (from < low) merged[out++] = kept[from++]!;
    merged[out++] = record;
  }
  while (from < kept.length) merged[out++] = kept[from++]!;
  return merged;
}

function compareDistinct<T>(kind: ListKind<T>, a: string, b: string): number {
  return a === b ? 0 : kind.compareKeys(a, b);
}

function sameRecord<T>(schema: Schema<T>, a: T, b: T): boolean {
  return schema.every((field) => fieldEquals(field.kind, a[field.key], b[field.key]));
}

function totalsOf(snapshot: Snapshot): SummaryTotals {
  const { users: _users, groups: _groups, queues: _queues, ...totals } = snapshot.summary;
  return totals;
}

export function diff(previous: Snapshot, next: Snapshot): Delta {
  if (previous.cluster !== next.cluster) {
    throw new ProtocolError('delta-mismatch', `cannot diff ${previous.cluster} against ${next.cluster}`);
  }
  return {
    cluster: next.cluster,
    fromSeq: previous.seq,
    toSeq: next.seq,
    time: next.time,
    scheduler: sameRecord(SCHEDULER_SCHEMA, previous.scheduler, next.scheduler) ? null : next.scheduler,
    status: sameRecord(STATUS_SCHEMA, previous.status, next.status) ? null : next.status,
    totals: changedFields(SUMMARY_TOTALS_SCHEMA, totalsOf(previous), totalsOf(next)),
    users: diffRecords(USAGE, previous.summary.users, next.summary.users),
    groups: diffRecords(USAGE, previous.summary.groups, next.summary.groups),
    queueUsage: diffRecords(USAGE, previous.summary.queues, next.summary.queues),
    jobs: diffRecords(JOBS, previous.jobs, next.jobs),
    nodes: diffRecords(NODES, previous.nodes, next.nodes),
    queues: diffRecords(QUEUES, previous.queues, next.queues),
  };
}

/** Throws ProtocolError `seq-mismatch` or `delta-mismatch` when the delta does not fit; the
 * caller then needs a full snapshot. Never mutates `previous`. */
export function apply(previous: Snapshot, delta: Delta): Snapshot {
  if (delta.cluster !== previous.cluster) throw new ProtocolError('delta-mismatch', 'delta is for another cluster');
  if (delta.fromSeq !== previous.seq) {
    throw new ProtocolError('seq-mismatch', `delta from ${delta.fromSeq} does not apply to ${previous.seq}`);
  }
  const summary = previous.summary;
  return {
    cluster: previous.cluster,
    seq: delta.toSeq,
    time: delta.time,
    scheduler: delta.scheduler ?? previous.scheduler,
    status: delta.status ?? previous.status,
    summary: {
      ...summary,
      ...delta.totals,
      users: applyRecords(USAGE, summary.users, delta.users),
      groups: applyRecords(USAGE, summary.groups, delta.groups),
      queues: applyRecords(USAGE, summary.queues, delta.queueUsage),
    },
    jobs: applyRecords(JOBS, previous.jobs, delta.jobs),
    nodes: applyRecords(NODES, previous.nodes, delta.nodes),
    queues: applyRecords(QUEUES, previous.queues, delta.queues),
  };
}

/** True when the delta carries no change at all (the gateway then sends nothing). */
export function isEmptyDelta(delta: Delta): boolean {
  const lists = [delta.users, delta.groups, delta.queueUsage, delta.jobs, delta.nodes, delta.queues];
  return (
    delta.scheduler === null &&
    delta.status === null &&
    delta.totals === null &&
    delta.fromSeq === delta.toSeq &&
    lists.every((list) => list.removed.length === 0 && list.added.length === 0 && list.changed.length === 0)
  );
}
