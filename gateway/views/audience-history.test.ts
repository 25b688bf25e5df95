import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TOTAL_METRICS, USAGE_METRICS, type HistoryBlock, type HistorySeries } from '../../protocol/history.ts';
import { audienceHistory } from './audience-history.ts';
import { OTHERS, Pseudonyms } from './pseudonyms.ts';

const pseudonyms = new Pseudonyms(Buffer.alloc(32, 3));

function series(dimension: HistorySeries['dimension'], name: string, at: number[], cores: number[]): HistorySeries {
  const values = Object.fromEntries(USAGE_METRICS.map((m) => [m, at.map(() => 0)])) as HistorySeries['values'];
  values.coresRunning = cores;
  values.jobsRunning = at.map(() => 1);
  return { dimension, name, at, values };
}

const block: HistoryBlock = {
  cluster: 'alpha',
  step: 60,
  times: [100, 160, 220, 280],
  totals: Object.fromEntries(TOTAL_METRICS.map((m) => [m, [1, 2, 3, 4]])) as HistoryBlock['totals'],
  series: [
    series('user', 'zelda.quinn', [0, 1, 2, 3], [40, 40, 40, 40]),
    series('user', 'yorick.vance', [0, 1], [10, 12.5]),
    series('user', 'xavier.ulm', [1, 3], [2, 3.25]),
    series('user', 'wanda.trent', [2], [1]),
    series('group', 'grp-astro-secret', [0, 1, 2, 3], [50, 52.5, 41, 43.25]),
    series('queue', 'normal', [0, 1, 2, 3], [50, 52.5, 41, 43.25]),
  ],
};

describe('audienceHistory', () => {
  it('passes every series to users and jobs views', () => {
    assert.deepEqual(audienceHistory(block, { level: 'users' }, pseudonyms), block);
    assert.deepEqual(audienceHistory(block, { level: 'jobs' }, pseudonyms), block);
  });

  it('keeps only queue series and totals without pseudonyms', () => {
    const out = audienceHistory(block, { level: 'summary', pseudonyms: false, top: 0 }, pseudonyms);
    assert.deepEqual(out.series.map((s) => [s.dimension, s.name]), [['queue', 'normal']]);
    assert.deepEqual(out.totals, block.totals);
  });

  it('names the busiest under pseudonyms and sums the rest sample by sample', () => {
    const out = audienceHistory(block, { level: 'summary', pseudonyms: true, top: 1 }, pseudonyms);
    const text = JSON.stringify(out);
    for (const name of ['zelda', 'yorick', 'xavier', 'wanda', 'astro']) assert.ok(!text.includes(name), name);
    const users = out.series.filter((s) => s.dimension === 'user');
    assert.deepEqual(users.map((s) => s.name).sort(), [OTHERS, pseudonyms.of('user', 'zelda.quinn')].sort());
    const others = users.find((s) => s.name === OTHERS)!;
    // yorick (0,1), xavier (1,3) and wanda (2) summed: sample 1 holds 12.5 + 2.
    assert.deepEqual(others.at, [0, 1, 2, 3]);
    assert.deepEqual(others.values.coresRunning, [10, 14.5, 1, 3.25]);
    assert.deepEqual(others.values.jobsRunning, [1, 2, 1, 1]);
    assert.equal(out.series.filter((s) => s.dimension === 'group').length, 1);
  });
});
