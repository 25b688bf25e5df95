/**
 * Structural sharing between consecutive snapshots: every record of the new snapshot that equals
 * one of the previous snapshot (same key, same fields) is replaced by the previous object. Between
 * two polls about 1% of jobs change, so the ten snapshots the store keeps cost little more than
 * one, and `diff` skips shared records by identity.
 */
import { compareJobIds, compareNames } from '../../protocol/canonical-order.ts';
import type { Snapshot } from '../../protocol/model.ts';
import { changedFields } from '../../protocol/record-codec.ts';
import { JOB_SCHEMA, NODE_SCHEMA, QUEUE_SCHEMA, USAGE_SCHEMA, type Schema } from '../../protocol/record-schema.ts';

function shareList<T>(previous: readonly T[], next: readonly T[], keyOf: (record: T) => string, compare: (a: string, b: string) => number, schema: Schema<T>): T[] {
  const shared = new Array<T>(next.length);
  let i = 0;
  for (let j = 0; j < next.length; j++) {
    const record = next[j]!;
    const key = keyOf(record);
    // Both lists are canonical (sorted by key): walk them as a merge.
    while (i < previous.length && compare(keyOf(previous[i]!), key) < 0) i++;
    const before = previous[i];
    shared[j] = before !== undefined && keyOf(before) === key && changedFields(schema, before, record) === null ? before : record;
  }
  return shared;
}

const byName = (record: { name: string }) => record.name;

export function shareUnchanged(previous: Snapshot, next: Snapshot): Snapshot {
  return {
    ...next,
    jobs: shareList(previous.jobs, next.jobs, (job) => job.id, compareJobIds, JOB_SCHEMA),
    nodes: shareList(previous.nodes, next.nodes, byName, compareNames, NODE_SCHEMA),
    queues: shareList(previous.queues, next.queues, byName, compareNames, QUEUE_SCHEMA),
    summary: {
      ...next.summary,
      users: shareList(previous.summary.users, next.summary.users, byName, compareNames, USAGE_SCHEMA),
      groups: shareList(previous.summary.groups, next.summary.groups, byName, compareNames, USAGE_SCHEMA),
      queues: shareList(previous.summary.queues, next.summary.queues, byName, compareNames, USAGE_SCHEMA),
    },
  };
}
