import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ByteReader, ByteWriter } from './bytes.ts';
import { readRecords, writeRecords } from './record-codec.ts';
import { JOB_SCHEMA, type Schema } from './record-schema.ts';
import { StringTable } from './string-table.ts';
import { jobId } from './testing/arbitraries.ts';

/** One column of `key` values, written and read back as a decoder would (separate tables). */
function column<T>(schema: Schema<T>, records: T[]): { decoded: T[]; bytes: number } {
  const writer = new ByteWriter();
  writeRecords(writer, new StringTable(), schema, records, 1_800_000_000);
  const bytes = writer.finish();
  const reader = new ByteReader(bytes);
  const decoded = readRecords(reader, new StringTable(), schema, 1_800_000_000);
  reader.expectEnd();
  return { decoded, bytes: bytes.length };
}

const ID_SCHEMA = [JOB_SCHEMA[0]!] as unknown as Schema<{ id: string }>;
const ids = (values: string[]) => column(ID_SCHEMA, values.map((id) => ({ id })));

describe('job id columns', () => {
  it('round-trip ids of every shape, the edges of the packed one included', () => {
    const edge = [
      '0', '', '7', '0123.srv', '00[7]', '12[ 3]', '123[', '123[]', '123[4', '123[4]', '123[0]', '123[01]', '5[].x', '5[0].x',
      '12345678901234.srv', '123456789012345.srv', '99999999999999[99999999999999].s', '1[123456789012345]', '1e5.srv',
      'x123', '[]', '42.pbs01', '43.pbs01', '44.other', '45.pbs01', '46[]', '46[1].pbs01', '46[2]', 'dmüller.7', '9\u{1F600}',
    ];
    assert.deepEqual(ids(edge).decoded.map((record) => record.id), edge);
  });

  it('round-trip any list of ids, in any order', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(jobId, fc.stringMatching(/^[0-9[\].a-z]{0,12}$/)), { maxLength: 40 }), (values) => {
        assert.deepEqual(ids(values).decoded.map((record) => record.id), values);
      }),
      { numRuns: 500 },
    );
  });

  it('pack the usual shapes to a few bytes each: a snapshot of sequential ids costs no text per job', () => {
    const plain = Array.from({ length: 1000 }, (_, i) => `${4_810_000 + i * 2}.pbs01`);
    const arrays = Array.from({ length: 1000 }, (_, i) => `${4_810_000 + Math.floor(i / 10)}[${i % 10}].pbs01`);
    assert.ok(ids(plain).bytes < 1000 * 1.1 + 20, `plain ids took ${ids(plain).bytes} bytes`);
    assert.ok(ids(arrays).bytes < 1000 * 2.1 + 20, `array ids took ${ids(arrays).bytes} bytes`);
    // Ids that do not start with a job number go as text.
    const named = Array.from({ length: 1000 }, (_, i) => `job-${100_000 + i}.pbs01`);
    assert.ok(ids(named).bytes > 1000 * 16);
  });
});

describe('string columns', () => {
  const STRING_SCHEMA = [{ key: 'user', kind: { type: 'string' } }] as unknown as Schema<{ user: string }>;
  const NULLABLE_SCHEMA = [{ key: 'group', kind: { type: 'nullable-string' } }] as unknown as Schema<{ group: string | null }>;

  it('round-trip runs, repeats after other values, and nulls between equal values', () => {
    const users = ['a', 'a', 'b', 'a', 'a', '', '', 'b', 'ü', 'ü', 'a'];
    assert.deepEqual(column(STRING_SCHEMA, users.map((user) => ({ user }))).decoded.map((r) => r.user), users);
    const groups = ['x', null, 'x', 'x', null, null, 'y', 'x', '', null, ''];
    assert.deepEqual(column(NULLABLE_SCHEMA, groups.map((group) => ({ group }))).decoded.map((r) => r.group), groups);
  });

  it('round-trip any values, equal strings built separately included', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.constantFrom<string>('a', 'ab', 'abc', 'ü', ''), { nil: null }), { maxLength: 60 }), (values) => {
        // Rebuilt strings are equal but not the same object, as in records parsed one by one.
        const rebuilt = values.map((value) => (value === null ? null : [...value].join('')));
        assert.deepEqual(column(NULLABLE_SCHEMA, rebuilt.map((group) => ({ group }))).decoded.map((r) => r.group), values);
        const present = values.filter((value): value is string => value !== null);
        assert.deepEqual(column(STRING_SCHEMA, present.map((user) => ({ user }))).decoded.map((r) => r.user), present);
      }),
      { numRuns: 300 },
    );
  });

  it('send each distinct string once, however often it repeats', () => {
    const users = Array.from({ length: 3000 }, (_, i) => `user-number-${i % 30}`);
    // 30 names of ~14 bytes once, then a one-byte reference per value.
    assert.ok(column(STRING_SCHEMA, users.map((user) => ({ user }))).bytes < 30 * 16 + 3000 + 10);
  });
});
