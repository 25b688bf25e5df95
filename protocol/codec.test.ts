import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SyntheticCluster } from '../agent/simulator/synthetic-cluster.ts';
import { ByteReader, ByteWriter } from './bytes.ts';
import { fflateDeflate, fflateInflate } from './compression.ts';
import { nodeDeflate, nodeInflate } from './deflate-node.ts';
import { diff } from './delta.ts';
import { decodeMessage, encodeMessage, FrameDecoder, StreamEncoder } from './frame.ts';
import { TOTAL_METRICS, USAGE_METRICS, type HistoryBlock } from './history.ts';
import type { Message } from './messages.ts';
import { LEVELS } from './model.ts';
import { FrameFlag, Opcode } from './opcodes.ts';
import { ProtocolError } from './protocol-error.ts';
import { epoch, evolution, evolve, plain, snapshot, status, text } from './testing/arbitraries.ts';

const deflates = [undefined, false, nodeDeflate] as const;

const history: fc.Arbitrary<HistoryBlock> = fc
  .record({
    cluster: text(10),
    step: fc.nat(86_400),
    start: epoch,
    gaps: fc.array(fc.integer({ min: 1, max: 10_000 }), { maxLength: 40 }),
  })
  .chain(({ cluster, step, start, gaps }) => {
    const times = gaps.map((_, i) => start + gaps.slice(0, i + 1).reduce((a, b) => a + b, 0));
    const n = times.length;
    const decimal = fc.nat(10_000_000).map((v) => v / 100);
    const column = fc.array(decimal, { minLength: n, maxLength: n });
    return fc.record({
      cluster: fc.constant(cluster),
      step: fc.constant(step),
      times: fc.constant(times),
      totals: fc.record(Object.fromEntries(TOTAL_METRICS.map((m) => [m, column])) as Record<(typeof TOTAL_METRICS)[number], fc.Arbitrary<number[]>>),
      series: fc.array(
        fc.subarray([...times.keys()]).chain((at) =>
          fc.record({
            dimension: fc.constantFrom('user' as const, 'group' as const, 'queue' as const),
            name: text(12),
            at: fc.constant(at),
            values: fc.record(
              Object.fromEntries(USAGE_METRICS.map((m) => [m, fc.array(decimal, { minLength: at.length, maxLength: at.length })])) as Record<
                (typeof USAGE_METRICS)[number],
                fc.Arbitrary<number[]>
              >,
            ),
          }),
        ),
        { maxLength: 5 },
      ),
    });
  });

const message: fc.Arbitrary<Message> = fc.oneof(
  fc.record({
    type: fc.constant('hello' as const),
    client: text(),
    token: fc.option(text(40), { nil: null }),
    subscriptions: fc.array(
      fc.record({
        cluster: text(10),
        level: fc.constantFrom(...LEVELS),
        sinceSeq: fc.option(fc.nat(), { nil: null }),
        historySince: fc.option(epoch, { nil: null }),
      }),
      { maxLength: 6 },
    ),
  }),
  fc.record({
    type: fc.constant('welcome' as const),
    server: text(),
    time: epoch,
    clusters: fc.array(fc.record({ name: text(10), label: text(20), level: fc.constantFrom(...LEVELS) }), { maxLength: 6 }),
  }),
  fc.record({ type: fc.constant('snapshot' as const), level: fc.constantFrom(...LEVELS), snapshot: snapshot() }),
  fc.record({ type: fc.constant('status' as const), cluster: text(10), seq: fc.nat(), time: epoch, status }),
  fc.record({ type: fc.constant('history' as const), block: history }),
  fc.record({ type: fc.constant('error' as const), code: text(20), message: text(80) }),
  fc.record({ type: fc.constant('resume' as const), cluster: text(10), seq: fc.nat(), level: fc.constantFrom(...LEVELS) }),
  fc.record({
    type: fc.constant('agent-request' as const),
    want: fc.constantFrom('hello' as const, 'snapshot' as const, 'delta' as const, 'status' as const),
    sinceSeq: fc.option(fc.nat(), { nil: null }),
  }),
  fc.record({
    type: fc.constant('agent-info' as const),
    agentVersion: text(10),
    protocolVersion: fc.nat(255),
    cluster: text(10),
    flavour: fc.constantFrom('torque', 'pbspro', 'openpbs'),
    intervalSeconds: fc.nat(3600),
    seq: fc.nat(),
  }),
);

describe('codec', () => {
  it('round-trips every kind of message exactly, compressed or not', () => {
    fc.assert(
      fc.property(message.map(plain), fc.constantFrom(...deflates), (m, deflate) => {
        assert.deepStrictEqual(decodeMessage(encodeMessage(m, { deflate })), m);
      }),
      { numRuns: 400 },
    );
  });

  it('round-trips deltas between random snapshots of one cluster', () => {
    fc.assert(
      fc.property(snapshot(), fc.array(evolution, { maxLength: 12 }), epoch, (before, steps, time) => {
        const after = evolve(before, steps, time);
        const m: Message = { type: 'delta', delta: diff(before, after) };
        assert.deepStrictEqual(decodeMessage(encodeMessage(m)), m);
      }),
      { numRuns: 300 },
    );
  });

  it('starts every frame with the version byte and the opcode', () => {
    const frame = encodeMessage({ type: 'error', code: 'unauthorized', message: 'token not known' });
    assert.equal(frame[0], 1);
    assert.equal(frame[1], Opcode.Error);
  });

  it('compresses large frames and leaves small ones alone', () => {
    const big = new SyntheticCluster({ jobs: 300, nodes: 20, users: 10, groups: 4 }).snapshot();
    const bigFrame = encodeMessage({ type: 'snapshot', level: 'jobs', snapshot: big });
    const plain = encodeMessage({ type: 'snapshot', level: 'jobs', snapshot: big }, { deflate: false });
    assert.ok((bigFrame[2]! & FrameFlag.Deflate) !== 0);
    assert.ok(bigFrame.length < plain.length);
    const small = encodeMessage({ type: 'agent-request', want: 'delta', sinceSeq: 12 });
    assert.equal(small[2]! & FrameFlag.Deflate, 0);
  });
});

describe('streams', () => {
  it('gives a subscriber who joins mid-stream the same state as one who was there from the start', () => {
    fc.assert(
      fc.property(
        snapshot(),
        fc.array(fc.array(evolution, { maxLength: 6 }), { minLength: 2, maxLength: 8 }),
        fc.nat(),
        (first, batches, joinPick) => {
          const encoder = new StreamEncoder(first.cluster);
          const early = new FrameDecoder();
          const late = new FrameDecoder();
          const joinAt = joinPick % batches.length;
          let state = first;
          assert.deepStrictEqual(early.decode(encoder.encode({ type: 'snapshot', level: 'jobs', snapshot: state }, { reset: true })).message, {
            type: 'snapshot',
            level: 'jobs',
            snapshot: state,
          });
          batches.forEach((steps, i) => {
            const next = evolve(state, steps, state.time + 60);
            const deltaFrame = encoder.encode({ type: 'delta', delta: diff(state, next) });
            assert.deepStrictEqual(early.decode(deltaFrame).message, { type: 'delta', delta: diff(state, next) });
            if (i > joinAt) assert.deepStrictEqual(late.decode(deltaFrame).message, { type: 'delta', delta: diff(state, next) });
            state = next;
            if (i === joinAt) {
              const join = encoder.encodeForJoin({ type: 'snapshot', level: 'jobs', snapshot: state });
              assert.deepStrictEqual(late.decode(join), { stream: state.cluster, message: { type: 'snapshot', level: 'jobs', snapshot: state } });
            }
          });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('refuses a join frame that would need strings the stream never published', () => {
    const encoder = new StreamEncoder('alpha');
    const [state] = fc.sample(snapshot(), { numRuns: 1, seed: 3 });
    assert.throws(() => encoder.encodeForJoin({ type: 'snapshot', level: 'jobs', snapshot: { ...state!, cluster: 'never-published-name' } }));
    // The failed join left the table as it was: the stream still works for everyone else.
    const decoder = new FrameDecoder();
    const frame = encoder.encode({ type: 'resume', cluster: 'alpha', seq: 1, level: 'summary' }, { reset: true });
    assert.deepStrictEqual(decoder.decode(frame).message, { type: 'resume', cluster: 'alpha', seq: 1, level: 'summary' });
  });

  it('asks for a reset once the table holds far more than the current state', () => {
    const encoder = new StreamEncoder('alpha', { deflate: false });
    encoder.encode({ type: 'resume', cluster: 'alpha', seq: 0, level: 'jobs' }, { reset: true });
    assert.equal(encoder.needsReset, false);
    for (let i = 0; i < 10_500; i++) encoder.encode({ type: 'error', code: `code-${i}`, message: '' });
    assert.equal(encoder.needsReset, true);
    encoder.encode({ type: 'resume', cluster: 'alpha', seq: 0, level: 'jobs' }, { reset: true });
    assert.equal(encoder.needsReset, false);
  });

  it('refuses a stream frame that arrives before the stream started', () => {
    const encoder = new StreamEncoder('alpha');
    encoder.encode({ type: 'resume', cluster: 'alpha', seq: 0, level: 'jobs' }, { reset: true });
    const later = encoder.encode({ type: 'resume', cluster: 'alpha', seq: 1, level: 'jobs' });
    assert.throws(() => new FrameDecoder().decode(later), { name: 'ProtocolError', code: 'unknown-stream' });
  });
});

describe('primed compression of stream frames', () => {
  const cluster = new SyntheticCluster({ jobs: 2000, nodes: 100, users: 20, groups: 5 });
  const first = cluster.snapshot();
  cluster.step();
  const second = cluster.snapshot();
  const delta: Message = { type: 'delta', delta: diff(first, second) };
  const snapshotMessage: Message = { type: 'snapshot', level: 'jobs', snapshot: first };
  const pairs = [
    ['zlib', nodeDeflate, 'fflate', fflateInflate],
    ['fflate', fflateDeflate, 'zlib', nodeInflate],
    ['zlib', nodeDeflate, 'zlib', nodeInflate],
  ] as const;

  for (const [deflateName, deflate, inflateName, inflate] of pairs) {
    it(`primes a delta with the table's recent text (${deflateName} deflate, ${inflateName} inflate)`, () => {
      const encoder = new StreamEncoder(first.cluster, { deflate });
      const decoder = new FrameDecoder({ inflate });
      const reset = encoder.encode(snapshotMessage, { reset: true });
      assert.equal(reset[2]! & FrameFlag.Primed, 0, 'a reset frame carries its own table and is not primed');
      assert.deepStrictEqual(decoder.decode(reset).message, snapshotMessage);
      const frame = encoder.encode(delta);
      assert.equal(frame[2]! & (FrameFlag.Primed | FrameFlag.Deflate | FrameFlag.Stream), FrameFlag.Primed | FrameFlag.Deflate | FrameFlag.Stream);
      assert.deepStrictEqual(decoder.decode(frame), { stream: first.cluster, message: delta });
    });
  }

  it('makes a delta smaller than the same delta compressed alone', () => {
    const primed = new StreamEncoder(first.cluster, { deflate: nodeDeflate });
    primed.encode(snapshotMessage, { reset: true });
    const alone = encodeMessage(delta, { deflate: nodeDeflate });
    assert.ok(primed.encode(delta).length < alone.length);
  });

  it('refuses a primed frame whose table the decoder does not hold, and one with impossible flags', () => {
    const encoder = new StreamEncoder(first.cluster, { deflate: nodeDeflate });
    const reset = encoder.encode(snapshotMessage, { reset: true });
    const frame = encoder.encode(delta);
    assert.throws(() => new FrameDecoder().decode(frame), { name: 'ProtocolError', code: 'unknown-stream' });
    for (const extra of [FrameFlag.Reset, FrameFlag.Dump]) {
      const decoder = new FrameDecoder();
      decoder.decode(reset);
      const bad = Uint8Array.from(frame);
      bad[2] = bad[2]! | extra;
      assert.throws(() => decoder.decode(bad), { name: 'ProtocolError', code: 'bad-flags' });
    }
    const notStream = Uint8Array.from(frame);
    notStream[2] = FrameFlag.Deflate | FrameFlag.Primed;
    assert.throws(() => new FrameDecoder().decode(notStream), { name: 'ProtocolError', code: 'bad-flags' });
  });

  it('refuses, with a code, a primed frame read against a table that differs from the writer\'s', () => {
    const encoder = new StreamEncoder(first.cluster, { deflate: nodeDeflate });
    encoder.encode(snapshotMessage, { reset: true });
    const frame = encoder.encode(delta);
    // Another state of the same stream: a different table, so a different dictionary.
    const other = new StreamEncoder(first.cluster, { deflate: nodeDeflate });
    const elsewhere = new SyntheticCluster({ jobs: 2000, nodes: 100, users: 20, groups: 5, seed: 7 }).snapshot();
    for (const inflate of [nodeInflate, fflateInflate]) {
      const decoder = new FrameDecoder({ inflate });
      decoder.decode(other.encode({ type: 'snapshot', level: 'jobs', snapshot: { ...elsewhere, cluster: first.cluster } }, { reset: true }));
      assert.throws(() => decoder.decode(frame), (error: unknown) => error instanceof ProtocolError);
    }
  });
});

describe('inflating with zlib', () => {
  const big = new SyntheticCluster({ jobs: 500, nodes: 20, users: 10, groups: 4 }).snapshot();
  const frame = encodeMessage({ type: 'snapshot', level: 'jobs', snapshot: big }, { deflate: nodeDeflate });

  it('decodes what either deflate wrote', () => {
    for (const deflate of [nodeDeflate, fflateDeflate]) {
      const bytes = encodeMessage({ type: 'snapshot', level: 'jobs', snapshot: big }, { deflate });
      assert.deepStrictEqual(decodeMessage(bytes, { inflate: nodeInflate }), { type: 'snapshot', level: 'jobs', snapshot: big });
    }
  });

  it('refuses data that inflates to more or less than the frame declares', () => {
    const declared = new ByteReader(frame.subarray(3)).uint();
    const compressed = frame.subarray(3 + varint(declared).length);
    for (const wrong of [declared - 1, declared + 1, 64]) {
      const bad = Uint8Array.from([...frame.subarray(0, 3), ...varint(wrong), ...compressed]);
      assert.throws(() => decodeMessage(bad, { inflate: nodeInflate }), { name: 'ProtocolError', code: 'bad-compression' });
    }
  });
});

/** The bytes of `value` as a varint. */
function varint(value: number): Uint8Array {
  const writer = new ByteWriter(8);
  writer.uint(value);
  return writer.finish();
}
