/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { seriesStats, totalAt } from './series-stats.ts';
import { stackSeries } from './stack-series.ts';

describe('stackSeries', () => {
  const result = {
    times: [100, 200, 300, 400],
    series: [
      { name: 'smith', values: [4, 5, null, 6] },
      { name: 'kumar', values: [2, 1, null, 0] },
      { name: 'others', values: [1, null, null, 1] },
    ],
  };

  it('stacks cumulative sums and hands them over top first, the order they are painted in', () => {
    const stacked = stackSeries(result);
    expect(stacked.names).to.deep.equal(['others', 'kumar', 'smith']);
    expect(stacked.columns).to.deep.equal([
      [100, 200, 300, 400],
      [7, 6, null, 7],
      [6, 6, null, 6],
      [4, 5, null, 6],
    ]);
    expect(stacked.max).to.equal(7);
  });

  it('keeps a time with no sample at all as a gap', () => {
    expect(stackSeries(result).columns.slice(1).map((column) => column[2])).to.deep.equal([null, null, null]);
  });
});

describe('seriesStats', () => {
  it('reads now, mean and peak, skipping gaps', () => {
    expect(seriesStats({ name: 'a', values: [2, null, 6, 4, null] })).to.deep.equal({
      name: 'a',
      latest: 4,
      mean: 4,
      peak: 6,
      peakIndex: 2,
    });
    expect(seriesStats({ name: 'b', values: [null] })).to.deep.equal({ name: 'b', latest: null, mean: null, peak: null, peakIndex: null });
  });

  it('adds the series at one time', () => {
    const series = [
      { name: 'a', values: [1, null] },
      { name: 'b', values: [2, null] },
    ];
    expect(totalAt(series, 0)).to.equal(3);
    expect(totalAt(series, 1)).to.equal(null);
  });
});
