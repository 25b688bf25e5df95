/**
 * One object literal per large record kind, with every field of its schema in schema order. The
 * column decoders start each record from one of these and then fill it column by column.
 *
 * Why literals: V8 gives an object literal all its fields inside the object. A record copied from
 * a template (`{ ...template }`) keeps four fields inside and the rest in a separate array, and
 * filling 10,000 such 20-field records cost about 20 times as much (measured while the previous
 * batch was still alive, as it is when a consumer keeps the last snapshot). The codec also runs in
 * the browser under a policy without eval, so the literals cannot be generated: they are written
 * out, and record-blanks.test.ts checks that each lists exactly its schema's fields.
 */
import type { Job, Node, Queue, Usage } from './model.ts';
import { JOB_SCHEMA, NODE_SCHEMA, QUEUE_SCHEMA, USAGE_SCHEMA, type Schema } from './record-schema.ts';

const blankJob = (): Job => ({
  id: '',
  state: 'queued',
  rawState: '',
  startedAt: null,
  comment: null,
  estimatedStart: null,
  nodeCount: 0,
  cores: 0,
  gpus: 0,
  queue: '',
  name: '',
  user: '',
  group: null,
  account: null,
  arrayParent: null,
  arrayIndex: null,
  isArrayParent: false,
  memoryBytes: null,
  walltimeLimit: null,
  submittedAt: null,
});

const blankNode = (): Node => ({
  name: '',
  states: [],
  coresUsed: 0,
  gpusUsed: 0,
  comment: null,
  cores: 0,
  gpus: 0,
  memoryBytes: null,
  properties: [],
});

const blankQueue = (): Queue => ({
  name: '',
  kind: 'execution',
  enabled: false,
  started: false,
  jobs: { queued: 0, held: 0, waiting: 0, running: 0, exiting: 0, suspended: 0, transit: 0, completed: 0 },
  walltimeMax: null,
  priority: null,
  limits: {},
});

const blankUsage = (): Usage => ({
  name: '',
  coresRunning: 0,
  coresQueued: 0,
  gpusRunning: 0,
  gpusQueued: 0,
  jobsRunning: 0,
  jobsQueued: 0,
  jobsHeld: 0,
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const BLANKS = new Map<Schema<any>, () => object>([
  [JOB_SCHEMA, blankJob],
  [NODE_SCHEMA, blankNode],
  [QUEUE_SCHEMA, blankQueue],
  [USAGE_SCHEMA, blankUsage],
]);

/** A maker of blank records for `schema`: a literal for the kinds above, else a generic object
 * (small or one-field schemas, such as the key columns of a delta, where the cost does not show). */
export function blankRecordMaker<T>(schema: Schema<T>): () => Record<string, unknown> {
  const literal = BLANKS.get(schema);
  if (literal) return literal as () => Record<string, unknown>;
  return () => {
    const record: Record<string, unknown> = {};
    for (const field of schema) record[field.key] = null;
    return record;
  };
}
