/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { usage } from '../test-support/sample-data.ts';
import { usageSlices } from './usage-slices.ts';

describe('usageSlices', () => {
  const rows = [
    usage('amy', 10, { gpusRunning: 2, jobsRunning: 5, coresQueued: 4 }),
    usage('bob', 30, { jobsRunning: 1 }),
    usage('cat', 10, { coresQueued: 100 }),
    usage('dan', 0, { coresQueued: 8 }),
  ];

  it('orders by the metric, ties by name, and leaves out who uses none of it', () => {
    expect(usageSlices(rows, 'cores', 10)).to.deep.equal([
      { name: 'bob', value: 30, queued: 0 },
      { name: 'amy', value: 10, queued: 4 },
      { name: 'cat', value: 10, queued: 100 },
    ]);
    expect(usageSlices(rows, 'gpus', 10)).to.deep.equal([{ name: 'amy', value: 2, queued: 0 }]);
    expect(usageSlices(rows, 'jobs', 10).map((s) => [s.name, s.value])).to.deep.equal([
      ['amy', 5],
      ['bob', 1],
      ['cat', 1],
    ]);
  });

  it('sums what is below the top N into others, running and queued', () => {
    expect(usageSlices(rows, 'cores', 1)).to.deep.equal([
      { name: 'bob', value: 30, queued: 0 },
      { name: 'others', value: 20, queued: 104 },
    ]);
  });

  it('keeps an others row the gateway already folded, adding to it', () => {
    const folded = [...rows, usage('others', 7, { coresQueued: 1 })];
    expect(usageSlices(folded, 'cores', 2).at(-1)).to.deep.equal({ name: 'others', value: 17, queued: 101 });
    expect(usageSlices(folded, 'cores', 5).at(-1)).to.deep.equal({ name: 'others', value: 7, queued: 1 });
  });
});
