/**
 * Field-by-field descriptions of every record the protocol carries. One schema drives the column
 * codec, the field-wise delta and the equality that `diff` uses, so adding a field to the model
 * means adding one line here (and a protocol version bump).
 */
import {
  CLUSTER_HEALTH,
  JOB_STATES,
  NODE_STATES,
  QUEUE_KINDS,
  type Job,
  type Node,
  type Queue,
  type SchedulerInfo,
  type Status,
  type Summary,
  type Usage,
} from './model.ts';

export type FieldKind =
  | { type: 'string' }
  | { type: 'nullable-string' }
  | { type: 'uint' }
  | { type: 'nullable-uint' }
  | { type: 'nullable-int' }
  /** Bytes or null; whole KiB/MiB/GiB/TiB are packed. */
  | { type: 'size' }
  /** Epoch seconds or null; written relative to the message's time. */
  | { type: 'time' }
  | { type: 'bool' }
  | { type: 'enum'; values: readonly string[] }
  /** A subset of `values`, kept in the order of `values`. */
  | { type: 'enum-set'; values: readonly string[] }
  | { type: 'string-list' }
  | { type: 'string-map' }
  /** An object with exactly these keys, each a whole number. */
  | { type: 'counts'; keys: readonly string[] }
  /** A scheduler job id, packed when it has the usual `123[4].server` shape. */
  | { type: 'job-id' };

export interface Field<T> {
  key: keyof T & string;
  kind: FieldKind;
}

export type Schema<T> = readonly Field<T>[];

const string = { type: 'string' } as const;
const nullableString = { type: 'nullable-string' } as const;
const uint = { type: 'uint' } as const;
const nullableUint = { type: 'nullable-uint' } as const;
const nullableInt = { type: 'nullable-int' } as const;
const size = { type: 'size' } as const;
const time = { type: 'time' } as const;
const bool = { type: 'bool' } as const;

/** The key comes first; then the fields that change most, so a delta's field mask stays one byte. */
export const JOB_SCHEMA: Schema<Job> = [
  { key: 'id', kind: { type: 'job-id' } },
  { key: 'state', kind: { type: 'enum', values: JOB_STATES } },
  { key: 'rawState', kind: string },
  { key: 'startedAt', kind: time },
  { key: 'comment', kind: nullableString },
  { key: 'estimatedStart', kind: time },
  { key: 'nodeCount', kind: uint },
  { key: 'cores', kind: uint },
  { key: 'gpus', kind: uint },
  { key: 'queue', kind: string },
  { key: 'name', kind: string },
  { key: 'user', kind: string },
  { key: 'group', kind: nullableString },
  { key: 'account', kind: nullableString },
  { key: 'arrayParent', kind: nullableString },
  { key: 'arrayIndex', kind: nullableUint },
  { key: 'isArrayParent', kind: bool },
  { key: 'memoryBytes', kind: size },
  { key: 'walltimeLimit', kind: nullableUint },
  { key: 'submittedAt', kind: time },
];

export const NODE_SCHEMA: Schema<Node> = [
  { key: 'name', kind: string },
  { key: 'states', kind: { type: 'enum-set', values: NODE_STATES } },
  { key: 'coresUsed', kind: uint },
  { key: 'gpusUsed', kind: uint },
  { key: 'comment', kind: nullableString },
  { key: 'cores', kind: uint },
  { key: 'gpus', kind: uint },
  { key: 'memoryBytes', kind: size },
  { key: 'properties', kind: { type: 'string-list' } },
];

export const QUEUE_SCHEMA: Schema<Queue> = [
  { key: 'name', kind: string },
  { key: 'kind', kind: { type: 'enum', values: QUEUE_KINDS } },
  { key: 'enabled', kind: bool },
  { key: 'started', kind: bool },
  { key: 'jobs', kind: { type: 'counts', keys: JOB_STATES } },
  { key: 'walltimeMax', kind: nullableUint },
  { key: 'priority', kind: nullableInt },
  { key: 'limits', kind: { type: 'string-map' } },
];

export const USAGE_SCHEMA: Schema<Usage> = [
  { key: 'name', kind: string },
  { key: 'coresRunning', kind: uint },
  { key: 'coresQueued', kind: uint },
  { key: 'gpusRunning', kind: uint },
  { key: 'gpusQueued', kind: uint },
  { key: 'jobsRunning', kind: uint },
  { key: 'jobsQueued', kind: uint },
  { key: 'jobsHeld', kind: uint },
];

export const STATUS_SCHEMA: Schema<Status> = [
  { key: 'health', kind: { type: 'enum', values: CLUSTER_HEALTH } },
  { key: 'code', kind: nullableString },
  { key: 'message', kind: nullableString },
  { key: 'lastOkAt', kind: time },
  { key: 'durationMs', kind: nullableUint },
  { key: 'outputBytes', kind: nullableUint },
];

export const SCHEDULER_SCHEMA: Schema<SchedulerInfo> = [
  { key: 'kind', kind: string },
  { key: 'flavour', kind: string },
  { key: 'version', kind: nullableString },
  { key: 'server', kind: nullableString },
];

/** The Summary without its usage lists, which travel as keyed records of their own. */
export type SummaryTotals = Omit<Summary, 'users' | 'groups' | 'queues'>;

export const SUMMARY_TOTALS_SCHEMA: Schema<SummaryTotals> = [
  { key: 'coresTotal', kind: uint },
  { key: 'coresUsed', kind: uint },
  { key: 'coresUnavailable', kind: uint },
  { key: 'gpusTotal', kind: uint },
  { key: 'gpusUsed', kind: uint },
  { key: 'nodes', kind: { type: 'counts', keys: NODE_STATES } },
  { key: 'jobs', kind: { type: 'counts', keys: JOB_STATES } },
  { key: 'oldestQueuedSince', kind: time },
];
