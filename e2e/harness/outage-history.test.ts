import assert from 'node:assert/strict';
import { test } from 'node:test';
import { outageHistoryProblems, type OutageHistoryInput } from './outage-history.ts';

// Collections every 10 s from 1000; the outage from 1032 to 1071.
const collections = [1000, 1010, 1020, 1030, 1040, 1050, 1060, 1070, 1080, 1090];
const samples = (times: number[], value = 96) => new Map(times.map((time) => [time, value] as [number, number]));
const base: OutageHistoryInput = {
  before: samples([1000, 1010, 1020, 1030]),
  after: samples([1000, 1010, 1020, 1030, 1080, 1090]),
  outage: { from: 1032, to: 1071 },
  collections,
  coresUsed: 96,
  interval: 10,
};

test('an outage recorded as a gap passes, with one real collection inside it at most', () => {
  assert.deepEqual(outageHistoryProblems(base), []);
  assert.deepEqual(outageHistoryProblems({ ...base, after: samples([1000, 1010, 1020, 1030, 1060, 1080, 1090]) }), []);
});

test('lost, changed, invented, zero and filled-in samples are each reported', () => {
  const problems = (input: Partial<OutageHistoryInput>) => outageHistoryProblems({ ...base, ...input });
  assert.equal(problems({ after: samples([1000, 1020, 1030, 1080, 1090]) }).length, 1, 'a lost sample');
  assert.equal(problems({ after: new Map([...base.after, [1010, 95]]) }).length, 2, 'a changed sample, and not what the scheduler said');
  assert.ok(problems({ after: new Map([...base.after, [1045, 96]]) }).some((line) => /no collection/.test(line)), 'a time no collection had');
  assert.ok(problems({ after: new Map([...base.after, [1050, 0]]) }).some((line) => /0 cores/.test(line)), 'a zero');
  const filled = problems({ after: samples([1000, 1010, 1020, 1030, 1040, 1050, 1060, 1070, 1080, 1090]) });
  assert.ok(filled.some((line) => /inside the outage/.test(line)) && filled.some((line) => /longest hole/.test(line)), filled.join('\n'));
  assert.ok(problems({ after: samples([1000, 1010, 1020, 1030]) }).includes('no sample after the repair'));
});
