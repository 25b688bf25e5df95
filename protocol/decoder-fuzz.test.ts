/**
 * Bytes from outside: at least 12,000 random and mutated frames. Each either decodes or throws a
 * ProtocolError with a code; nothing else escapes, nothing hangs, and the decoder of a connection
 * keeps working for well-formed frames afterwards.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { nodeDeflate, nodeInflate } from './deflate-node.ts';
import { diff } from './delta.ts';
import { decodeMessage, encodeMessage, FrameDecoder, StreamEncoder } from './frame.ts';
import { FrameFlag } from './opcodes.ts';
import { ProtocolError } from './protocol-error.ts';
import { evolution, evolve, snapshot } from './testing/arbitraries.ts';

function decodesOrRefuses(decode: () => unknown): void {
  try {
    decode();
  } catch (error) {
    assert.ok(error instanceof ProtocolError, `not a ProtocolError: ${String(error)}`);
    assert.equal(typeof error.code, 'string');
  }
}

/** Valid frames to mutate: every message kind, large and small, plain and compressed. */
const seeds: Uint8Array[] = (() => {
  const frames: Uint8Array[] = [];
  for (const s of fc.sample(snapshot({ maxJobs: 40 }), { numRuns: 12, seed: 42 })) {
    frames.push(encodeMessage({ type: 'snapshot', level: 'jobs', snapshot: s }));
    frames.push(encodeMessage({ type: 'snapshot', level: 'summary', snapshot: s }, { deflate: false }));
    const [steps] = fc.sample(fc.array(evolution, { minLength: 3, maxLength: 8 }), { numRuns: 1, seed: frames.length });
    const next = evolve(s, steps!, s.time + 60);
    frames.push(encodeMessage({ type: 'delta', delta: diff(s, next) }, { deflate: false }));
    const encoder = new StreamEncoder(s.cluster);
    frames.push(encoder.encode({ type: 'snapshot', level: 'jobs', snapshot: s }, { reset: true }));
    frames.push(encoder.encodeForJoin({ type: 'resume', cluster: s.cluster, seq: s.seq, level: 'jobs' }));
  }
  frames.push(encodeMessage({ type: 'hello', client: 'webstat-worker/1', token: 'secret', subscriptions: [{ cluster: 'a', level: 'jobs', sinceSeq: 3, historySince: 1_800_000_000 }] }));
  frames.push(encodeMessage({ type: 'agent-request', want: 'delta', sinceSeq: 41 }));
  return frames;
})();

const mutation = fc.record({
  seed: fc.nat(seeds.length - 1),
  edits: fc.array(
    fc.oneof(
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat(7) }),
      fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.nat(255) }),
      fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 12 }) }),
      fc.record({ kind: fc.constant('big-varint' as const), at: fc.nat() }),
    ),
    { minLength: 1, maxLength: 4 },
  ),
});

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(frame: Uint8Array, edits: Mutation['edits']): Uint8Array {
  let bytes = Array.from(frame);
  for (const edit of edits) {
    const at = bytes.length === 0 ? 0 : edit.at % bytes.length;
    switch (edit.kind) {
      case 'flip':
        if (bytes.length > 0) bytes[at] = bytes[at]! ^ (1 << edit.bit);
        break;
      case 'set':
        if (bytes.length > 0) bytes[at] = edit.value;
        break;
      case 'truncate':
        bytes = bytes.slice(0, at);
        break;
      case 'insert':
        bytes.splice(at, 0, ...edit.bytes);
        break;
      case 'big-varint':
        // A length or count claiming gigabytes: must be refused, not allocated.
        bytes.splice(at, 0, 0xff, 0xff, 0xff, 0xff, 0x0f);
        break;
    }
  }
  return Uint8Array.from(bytes);
}

describe('decoding bytes from outside', () => {
  it('decodes or refuses 6,000 mutated frames', () => {
    fc.assert(
      fc.property(mutation, ({ seed, edits }) => {
        const frame = mutate(seeds[seed]!, edits);
        decodesOrRefuses(() => decodeMessage(frame));
      }),
      { numRuns: 6000 },
    );
  });

  it('decodes or refuses 4,000 random byte strings, some with a valid header', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.constantFrom(null, [1, 3, 0], [1, 4, 1], [1, 3, 8], [1, 2, 5], [1, 6, 0]),
        (body, header) => {
          const frame = header ? Uint8Array.from([...header, ...body]) : body;
          decodesOrRefuses(() => decodeMessage(frame));
        },
      ),
      { numRuns: 4000 },
    );
  });

  it('decodes or refuses 2,000 mutated primed deltas on a live stream, with either inflate', () => {
    // A stream with its reset frame, and the primed deltas that follow it: mutations reach the
    // inflate with a dictionary, which a fresh decoder never gets to (it lacks the table).
    const streams = fc.sample(snapshot({ maxJobs: 40 }), { numRuns: 6, seed: 17 }).map((s, i) => {
      const encoder = new StreamEncoder(s.cluster, { deflate: i % 2 === 0 ? nodeDeflate : undefined });
      const reset = encoder.encode({ type: 'snapshot', level: 'jobs', snapshot: s }, { reset: true });
      const [steps] = fc.sample(fc.array(evolution, { minLength: 6, maxLength: 12 }), { numRuns: 1, seed: i });
      const delta = encoder.encode({ type: 'delta', delta: diff(s, evolve(s, steps!, s.time + 60)) });
      return { reset, delta };
    });
    assert.ok(streams.some(({ delta }) => (delta[2]! & FrameFlag.Primed) !== 0), 'some deltas are primed');
    fc.assert(
      fc.property(fc.nat(streams.length - 1), mutation.map((m) => m.edits), fc.boolean(), (at, edits, zlib) => {
        const { reset, delta } = streams[at]!;
        const decoder = new FrameDecoder(zlib ? { inflate: nodeInflate } : {});
        decoder.decode(reset);
        decodesOrRefuses(() => decoder.decode(mutate(delta, edits)));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps a connection decoder working after refusing a bad frame in a stream', () => {
    const [s] = fc.sample(snapshot({ maxJobs: 30 }), { numRuns: 1, seed: 5 });
    const state = s!;
    const encoder = new StreamEncoder(state.cluster, { deflate: false });
    const decoder = new FrameDecoder();
    decoder.decode(encoder.encode({ type: 'snapshot', level: 'jobs', snapshot: state }, { reset: true }));
    const [steps] = fc.sample(fc.array(evolution, { minLength: 5, maxLength: 10 }), { numRuns: 1, seed: 9 });
    const next = evolve(state, steps!, state.time + 60);
    const good = encoder.encode({ type: 'delta', delta: diff(state, next) });
    // The same frame cut short: refused, and whatever it half-read is forgotten.
    assert.throws(() => decoder.decode(good.subarray(0, good.length - 3)), { name: 'ProtocolError' });
    assert.deepStrictEqual(decoder.decode(good).message, { type: 'delta', delta: diff(state, next) });
  });

  it('refuses with the codes a client can act on', () => {
    const valid = encodeMessage({ type: 'agent-request', want: 'status', sinceSeq: null });
    const cases: [Uint8Array, string][] = [
      [Uint8Array.from([]), 'truncated'],
      [Uint8Array.from([9, ...valid.subarray(1)]), 'unsupported-version'],
      [Uint8Array.from([1, 0x7f, 0]), 'unknown-opcode'],
      [Uint8Array.from([1, valid[1]!, 0x80, ...valid.subarray(3)]), 'bad-flags'],
      [Uint8Array.from([...valid, 0]), 'trailing-bytes'],
      [Uint8Array.from([1, valid[1]!, 0, 9, 0]), 'bad-enum'],
      [Uint8Array.from([1, 0x07, 0, 0, 0xff, 0xff, 0xff, 0x7f]), 'bad-length'],
      [Uint8Array.from([1, 0x07, 0, 5]), 'bad-string-ref'],
      [Uint8Array.from([1, 0x07, 0, 0, 2, 0xc3, 0x28, 0, 0]), 'bad-utf8'],
      [Uint8Array.from([1, 0x07, 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]), 'bad-varint'],
      [Uint8Array.from([1, 0x07, 8, 0x80, 0x80, 0x80, 0x40, 1, 2, 3]), 'bad-length'],
      [Uint8Array.from([1, 0x07, 8, 10, 1, 2, 3]), 'bad-compression'],
    ];
    for (const [frame, code] of cases) {
      assert.throws(() => decodeMessage(frame), { name: 'ProtocolError', code }, `expected ${code} for [${Array.from(frame).join(', ')}]`);
    }
  });
});
