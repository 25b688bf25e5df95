import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { canonicalNodes, compareJobIds } from './canonical-order.ts';
import { jobId } from './testing/arbitraries.ts';

describe('job id order', () => {
  it('sorts ids as a scheduler lists them', () => {
    const ids = ['100.srv', '99.srv', '5[10].srv', '5[].srv', '5[2].srv', '5.srv', 'abc', '0099.srv', '98.other'];
    assert.deepEqual([...ids].sort(compareJobIds), ['5.srv', '5[].srv', '5[2].srv', '5[10].srv', '98.other', '0099.srv', '99.srv', '100.srv', 'abc']);
  });

  it('is a total order: antisymmetric, transitive, equal only for equal ids', () => {
    fc.assert(
      fc.property(jobId, jobId, jobId, (a, b, c) => {
        assert.equal(Math.sign(compareJobIds(a, b)) + Math.sign(compareJobIds(b, a)), 0);
        assert.equal(compareJobIds(a, b) === 0, a === b);
        if (compareJobIds(a, b) < 0 && compareJobIds(b, c) < 0) assert.ok(compareJobIds(a, c) < 0);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('canonical nodes', () => {
  it('keeps the last of duplicated names and puts states in their fixed order', () => {
    const base = { cores: 8, coresUsed: 0, gpus: 0, gpusUsed: 0, memoryBytes: null, properties: [], comment: null };
    const nodes = canonicalNodes([
      { ...base, name: 'n2', states: ['offline', 'down'] },
      { ...base, name: 'n1', states: ['free'] },
      { ...base, name: 'n2', states: ['down', 'offline'], comment: 'disk' },
    ]);
    assert.deepEqual(
      nodes.map((n) => [n.name, n.states, n.comment]),
      [
        ['n1', ['free'], null],
        ['n2', ['offline', 'down'], 'disk'],
      ],
    );
  });
});
