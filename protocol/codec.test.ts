import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SyntheticCluster } from '../agent/simulator/synthetic-cluster.ts';
import { nodeDeflate } from './deflate-node.ts';
import { diff } from './delta.ts';
import { decodeMessage, encodeMessage, FrameDecoder, StreamEncoder } from './frame.ts';
import { TOTAL_METRICS, USAGE_METRICS, type HistoryBlock } from './history.ts';
import type { Message } from './messages.ts';
import { LEVELS } from './model.ts';
import { FrameFlag, Opcode } from './opcodes.ts';
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
