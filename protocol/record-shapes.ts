/**
 * Column access written out by hand for the record kinds that come by the thousand (jobs, nodes,
 * usage rows, queues). The column codec (record-codec.ts) copies a list's records into one array
 * per field before writing, and builds records from such arrays after reading.
 *
 * Why by hand: a loop that reads or writes `record[key]` for every field sees twenty keys at one
 * place in the code, which V8 handles through its slowest, megamorphic path. Here each field has
 * its own line, and a record is built as one object literal, which V8 lays out with every field
 * inside the object. Measured on 10,000 jobs: building the records this way took a quarter of the
 * time of filling blank records field by field. The codec also runs in browsers under a policy
 * without eval, so these cannot be generated; record-shapes.test.ts checks that each lists exactly
 * its schema's fields, in schema order (column k is field k of the schema).
 */
import type { Job, JobCounts, JobState, Node, NodeState, Queue, QueueKind, Usage } from './model.ts';
import { JOB_SCHEMA, NODE_SCHEMA, QUEUE_SCHEMA, USAGE_SCHEMA, type Schema } from './record-schema.ts';

export type Columns = unknown[][];

export interface RecordShape<T> {
  /** Copies the record's fields into the columns: field k of the schema into `columns[k][i]`. */
  scatter(record: T, columns: Columns, i: number): void;
  /** Builds record `i` from the columns. */
  assemble(columns: Columns, i: number): T;
}

const JOB_SHAPE: RecordShape<Job> = {
  scatter(job, c, i) {
    c[0]![i] = job.id;
    c[1]![i] = job.state;
    c[2]![i] = job.rawState;
    c[3]![i] = job.startedAt;
    c[4]![i] = job.comment;
    c[5]![i] = job.estimatedStart;
    c[6]![i] = job.nodeCount;
    c[7]![i] = job.cores;
    c[8]![i] = job.gpus;
    c[9]![i] = job.queue;
    c[10]![i] = job.name;
    c[11]![i] = job.user;
    c[12]![i] = job.group;
    c[13]![i] = job.account;
    c[14]![i] = job.arrayParent;
    c[15]![i] = job.arrayIndex;
    c[16]![i] = job.isArrayParent;
    c[17]![i] = job.memoryBytes;
    c[18]![i] = job.walltimeLimit;
    c[19]![i] = job.submittedAt;
  },
  assemble: (c, i) => ({
    id: c[0]![i] as string,
    state: c[1]![i] as JobState,
    rawState: c[2]![i] as string,
    startedAt: c[3]![i] as number | null,
    comment: c[4]![i] as string | null,
    estimatedStart: c[5]![i] as number | null,
    nodeCount: c[6]![i] as number,
    cores: c[7]![i] as number,
    gpus: c[8]![i] as number,
    queue: c[9]![i] as string,
    name: c[10]![i] as string,
    user: c[11]![i] as string,
    group: c[12]![i] as string | null,
    account: c[13]![i] as string | null,
    arrayParent: c[14]![i] as string | null,
    arrayIndex: c[15]![i] as number | null,
    isArrayParent: c[16]![i] as boolean,
    memoryBytes: c[17]![i] as number | null,
    walltimeLimit: c[18]![i] as number | null,
    submittedAt: c[19]![i] as number | null,
  }),
};

const NODE_SHAPE: RecordShape<Node> = {
  scatter(node, c, i) {
    c[0]![i] = node.name;
    c[1]![i] = node.states;
    c[2]![i] = node.coresUsed;
    c[3]![i] = node.gpusUsed;
    c[4]![i] = node.comment;
    c[5]![i] = node.cores;
    c[6]![i] = node.gpus;
    c[7]![i] = node.memoryBytes;
    c[8]![i] = node.properties;
  },
  assemble: (c, i) => ({
    name: c[0]![i] as string,
    states: c[1]![i] as NodeState[],
    coresUsed: c[2]![i] as number,
    gpusUsed: c[3]![i] as number,
    comment: c[4]![i] as string | null,
    cores: c[5]![i] as number,
    gpus: c[6]![i] as number,
    memoryBytes: c[7]![i] as number | null,
    properties: c[8]![i] as string[],
  }),
};

const QUEUE_SHAPE: RecordShape<Queue> = {
  scatter(queue, c, i) {
    c[0]![i] = queue.name;
    c[1]![i] = queue.kind;
    c[2]![i] = queue.enabled;
    c[3]![i] = queue.started;
    c[4]![i] = queue.jobs;
    c[5]![i] = queue.walltimeMax;
    c[6]![i] = queue.priority;
    c[7]![i] = queue.limits;
  },
  assemble: (c, i) => ({
    name: c[0]![i] as string,
    kind: c[1]![i] as QueueKind,
    enabled: c[2]![i] as boolean,
    started: c[3]![i] as boolean,
    jobs: c[4]![i] as JobCounts,
    walltimeMax: c[5]![i] as number | null,
    priority: c[6]![i] as number | null,
    limits: c[7]![i] as Record<string, string>,
  }),
};

const USAGE_SHAPE: RecordShape<Usage> = {
  scatter(usage, c, i) {
    c[0]![i] = usage.name;
    c[1]![i] = usage.coresRunning;
    c[2]![i] = usage.coresQueued;
    c[3]![i] = usage.gpusRunning;
    c[4]![i] = usage.gpusQueued;
    c[5]![i] = usage.jobsRunning;
    c[6]![i] = usage.jobsQueued;
    c[7]![i] = usage.jobsHeld;
  },
  assemble: (c, i) => ({
    name: c[0]![i] as string,
    coresRunning: c[1]![i] as number,
    coresQueued: c[2]![i] as number,
    gpusRunning: c[3]![i] as number,
    gpusQueued: c[4]![i] as number,
    jobsRunning: c[5]![i] as number,
    jobsQueued: c[6]![i] as number,
    jobsHeld: c[7]![i] as number,
  }),
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const SHAPES = new Map<Schema<any>, RecordShape<any>>([
  [JOB_SCHEMA, JOB_SHAPE],
  [NODE_SCHEMA, NODE_SHAPE],
  [QUEUE_SCHEMA, QUEUE_SHAPE],
  [USAGE_SCHEMA, USAGE_SHAPE],
]);

/** Column access by field name, for the schemas above none (small or one-field ones, such as the
 * key columns of a delta, where the cost does not show). */
function genericShape<T>(schema: Schema<T>): RecordShape<T> {
  return {
    scatter(record, c, i) {
      for (let k = 0; k < schema.length; k++) c[k]![i] = record[schema[k]!.key];
    },
    assemble(c, i) {
      const record = {} as T;
      for (let k = 0; k < schema.length; k++) record[schema[k]!.key] = c[k]![i] as T[keyof T & string];
      return record;
    },
  };
}

export function recordShapeOf<T>(schema: Schema<T>): RecordShape<T> {
  return (SHAPES.get(schema) as RecordShape<T> | undefined) ?? genericShape(schema);
}
