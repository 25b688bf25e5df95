import assert from 'node:assert/strict';
import { test } from 'node:test';
import { moabJobState, pbsJobState } from './job-state.ts';
import { readNodeStates, refineByUsage } from './node-state.ts';

test('PBS state letters map to the DESIGN words', () => {
  const expected: Record<string, string> = {
    Q: 'queued', H: 'held', W: 'waiting', R: 'running', E: 'exiting', S: 'suspended', U: 'suspended',
    T: 'transit', B: 'running', C: 'completed', F: 'completed', X: 'completed', M: 'completed',
  };
  for (const [letter, word] of Object.entries(expected)) assert.equal(pbsJobState(letter), word, letter);
  assert.equal(pbsJobState('Z'), null);
});

test('Moab state words map, trailing spaces and case aside', () => {
  assert.equal(moabJobState('Running '), 'running');
  assert.equal(moabJobState('Idle'), 'queued');
  assert.equal(moabJobState('BatchHold'), 'held');
  assert.equal(moabJobState('Deferred'), 'held');
  assert.equal(moabJobState('Completed '), 'completed');
  assert.equal(moabJobState('Sleeping'), null);
});

test('node state lists and usage', () => {
  assert.deepEqual(refineByUsage(readNodeStates('free'), 8, 0), ['free']);
  assert.deepEqual(refineByUsage(readNodeStates('free'), 8, 3), ['partly-used']);
  assert.deepEqual(refineByUsage(readNodeStates('free'), 8, 8), ['busy']);
  assert.deepEqual(refineByUsage(readNodeStates('job-exclusive'), 64, 1), ['busy']);
  assert.deepEqual(refineByUsage(readNodeStates('down,offline'), 8, 0), ['offline', 'down']);
  assert.deepEqual(refineByUsage(readNodeStates('state-unknown,down'), 8, 0), ['down', 'unknown']);
  assert.deepEqual(refineByUsage(readNodeStates('offline,resv-exclusive'), 8, 0), ['reserved', 'offline']);
  assert.deepEqual(refineByUsage(readNodeStates('down,offline,MOM-list-not-sent'), 8, 0), ['offline', 'down']);
  const odd = readNodeStates('free,teleporting');
  assert.deepEqual(odd.unknownWords, ['teleporting']);
  assert.deepEqual(refineByUsage(readNodeStates('teleporting'), 8, 0), ['unknown']);
});
