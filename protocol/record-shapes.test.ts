import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SyntheticCluster } from '../agent/simulator/synthetic-cluster.ts';
import { decodeMessage, encodeMessage } from './frame.ts';
import { JOB_SCHEMA, NODE_SCHEMA, QUEUE_SCHEMA, USAGE_SCHEMA, type Schema } from './record-schema.ts';
import { recordShapeOf, type Columns } from './record-shapes.ts';

const schemas: [string, Schema<never>][] = [
  ['job', JOB_SCHEMA as Schema<never>],
  ['node', NODE_SCHEMA as Schema<never>],
  ['queue', QUEUE_SCHEMA as Schema<never>],
  ['usage', USAGE_SCHEMA as Schema<never>],
];

/** A record whose every field holds its own name, so a misplaced field shows. */
const marked = (schema: Schema<never>) => Object.fromEntries(schema.map((field) => [field.key, `value of ${field.key}`])) as never;

describe('record shapes', () => {
  for (const [name, schema] of schemas) {
    it(`a ${name} scatters field k of its schema into column k`, () => {
      const columns: Columns = schema.map(() => []);
      recordShapeOf(schema).scatter(marked(schema), columns, 3);
      assert.deepEqual(
        columns.map((column) => column[3]),
        schema.map((field) => `value of ${field.key}`),
      );
    });

    it(`a ${name} is assembled with exactly its schema's fields, in schema order, each from its column`, () => {
      const columns: Columns = schema.map((field) => [null, `value of ${field.key}`]);
      const record = recordShapeOf(schema).assemble(columns, 1) as Record<string, unknown>;
      assert.deepEqual(Object.keys(record), schema.map((field) => field.key));
      for (const field of schema) assert.equal(record[field.key], `value of ${field.key}`);
    });
  }

  it('a schema without a hand-written shape gets one by field name', () => {
    const keyOnly = [JOB_SCHEMA[0]!] as unknown as Schema<{ id: string }>;
    const shape = recordShapeOf(keyOnly);
    const columns: Columns = [[]];
    shape.scatter({ id: '7.pbs' }, columns, 0);
    assert.deepEqual(shape.assemble(columns, 0), { id: '7.pbs' });
  });

  it('decoded records carry the schema fields and nothing else, and leave no record of one list in another', () => {
    const snapshot = new SyntheticCluster({ jobs: 50, nodes: 5, users: 4, groups: 2 }).snapshot();
    const decoded = decodeMessage(encodeMessage({ type: 'snapshot', level: 'jobs', snapshot }));
    assert.equal(decoded.type, 'snapshot');
    if (decoded.type !== 'snapshot') return;
    assert.deepStrictEqual(decoded.snapshot, snapshot);
    for (const job of decoded.snapshot.jobs) assert.deepEqual(Object.keys(job), JOB_SCHEMA.map((field) => field.key));
    for (const node of decoded.snapshot.nodes) assert.deepEqual(Object.keys(node), NODE_SCHEMA.map((field) => field.key));
    // A smaller snapshot after a larger one: nothing of the first shows up in the second.
    const small = new SyntheticCluster({ jobs: 5, nodes: 2, users: 2, groups: 1, seed: 3 }).snapshot();
    assert.deepStrictEqual(decodeMessage(encodeMessage({ type: 'snapshot', level: 'jobs', snapshot: small })), { type: 'snapshot', level: 'jobs', snapshot: small });
  });
});
