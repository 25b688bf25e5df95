import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SyntheticCluster } from '../agent/simulator/synthetic-cluster.ts';
import { decodeMessage, encodeMessage } from './frame.ts';
import { blankRecordMaker } from './record-blanks.ts';
import { JOB_SCHEMA, NODE_SCHEMA, QUEUE_SCHEMA, USAGE_SCHEMA, type Schema } from './record-schema.ts';

const schemas: [string, Schema<never>][] = [
  ['job', JOB_SCHEMA as Schema<never>],
  ['node', NODE_SCHEMA as Schema<never>],
  ['queue', QUEUE_SCHEMA as Schema<never>],
  ['usage', USAGE_SCHEMA as Schema<never>],
];

describe('blank records', () => {
  for (const [name, schema] of schemas) {
    it(`a blank ${name} has exactly its schema's fields, in schema order`, () => {
      assert.deepEqual(Object.keys(blankRecordMaker(schema)()), schema.map((field) => field.key));
    });
  }

  it('every blank is a new object, so filling one never changes another', () => {
    const make = blankRecordMaker(JOB_SCHEMA);
    const a = make();
    const b = make();
    assert.notEqual(a, b);
    a.name = 'changed';
    assert.equal(b.name, '');
  });

  it('decoded records carry the schema fields and nothing else', () => {
    const snapshot = new SyntheticCluster({ jobs: 50, nodes: 5, users: 4, groups: 2 }).snapshot();
    const decoded = decodeMessage(encodeMessage({ type: 'snapshot', level: 'jobs', snapshot }));
    assert.equal(decoded.type, 'snapshot');
    if (decoded.type !== 'snapshot') return;
    for (const job of decoded.snapshot.jobs) assert.deepEqual(Object.keys(job), JOB_SCHEMA.map((field) => field.key));
    for (const node of decoded.snapshot.nodes) assert.deepEqual(Object.keys(node), NODE_SCHEMA.map((field) => field.key));
  });

  it('a schema without a literal gets a generic blank with its fields set to null', () => {
    const keyOnly = [JOB_SCHEMA[0]!] as unknown as Schema<{ id: string }>;
    assert.deepEqual(blankRecordMaker(keyOnly)(), { id: null });
  });
});
