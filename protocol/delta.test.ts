import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { apply, diff, isEmptyDelta } from './delta.ts';
import { FrameDecoder, StreamEncoder } from './frame.ts';
import type { Snapshot } from './model.ts';
import { evolution, evolve, snapshot } from './testing/arbitraries.ts';

describe('apply(previous, diff(previous, next)) equals next', () => {
  it('holds over random evolutions of a cluster, directly and over the wire', () => {
    fc.assert(
      fc.property(snapshot(), fc.array(fc.array(evolution, { maxLength: 10 }), { minLength: 1, maxLength: 10 }), (first, batches) => {
        const encoder = new StreamEncoder(first.cluster);
        const decoder = new FrameDecoder();
        const sent = decoder.decode(encoder.encode({ type: 'snapshot', level: 'jobs', snapshot: first }, { reset: true })).message;
        assert.equal(sent.type, 'snapshot');
        let received = (sent as { snapshot: Snapshot }).snapshot;
        let state = first;
        for (const steps of batches) {
          const next = evolve(state, steps, state.time + 60);
          const delta = diff(state, next);
          assert.deepStrictEqual(apply(state, delta), next);
          const decoded = decoder.decode(encoder.encode({ type: 'delta', delta })).message;
          assert.equal(decoded.type, 'delta');
          received = apply(received, (decoded as { delta: typeof delta }).delta);
          assert.deepStrictEqual(received, next);
          state = next;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('holds between unrelated snapshots of the same cluster', () => {
    fc.assert(
      fc.property(snapshot(), snapshot(), (a, b) => {
        const next = { ...b, cluster: a.cluster };
        assert.deepStrictEqual(apply(a, diff(a, next)), next);
      }),
      { numRuns: 300 },
    );
  });

  it('never mutates the previous snapshot', () => {
    fc.assert(
      fc.property(snapshot(), fc.array(evolution, { maxLength: 10 }), (first, steps) => {
        const frozen = structuredClone(first);
        apply(first, diff(first, evolve(first, steps, first.time + 60)));
        assert.deepStrictEqual(first, frozen);
      }),
      { numRuns: 100 },
    );
  });
});

describe('apply refuses deltas that do not fit', () => {
  const [base] = fc.sample(snapshot({ maxJobs: 20 }).filter((s) => s.jobs.length > 2), { numRuns: 1, seed: 11 });
  const state = base!;

  it('refuses a delta from another sequence number', () => {
    const delta = diff(state, { ...state, seq: state.seq + 1 });
    assert.throws(() => apply({ ...state, seq: state.seq + 5 }, delta), { name: 'ProtocolError', code: 'seq-mismatch' });
  });

  it('refuses a delta that removes or changes a job the snapshot does not hold', () => {
    const next = { ...state, seq: state.seq + 1, jobs: state.jobs.slice(1) };
    const delta = diff(state, next);
    const without = { ...state, jobs: state.jobs.slice(1) };
    assert.throws(() => apply(without, delta), { name: 'ProtocolError', code: 'delta-mismatch' });
  });

  it('refuses a delta that adds a job twice', () => {
    const extra = { ...state.jobs[0]!, id: `${state.jobs[0]!.id}-new` };
    const delta = diff({ ...state, jobs: [] }, { ...state, seq: state.seq + 1, jobs: [extra] });
    assert.throws(() => apply({ ...state, jobs: [extra] }, delta), { name: 'ProtocolError', code: 'delta-mismatch' });
  });

  it('calls a delta without any change empty', () => {
    assert.equal(isEmptyDelta(diff(state, state)), true);
    assert.equal(isEmptyDelta(diff(state, { ...state, seq: state.seq + 1 })), false);
  });
});
