import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodeStateWords, slurmNodeStates } from './node-state.ts';

const states = (texts: string[], cores = 4, used = 0) => slurmNodeStates(nodeStateWords(texts), cores, used).states;

test('Slurm node states in long, compact, complete and JSON shapes', () => {
  assert.deepEqual(states(['idle']), ['free']);
  assert.deepEqual(states(['mixed'], 4, 2), ['partly-used']);
  assert.deepEqual(states(['mix'], 4, 2), ['partly-used']);
  assert.deepEqual(states(['allocated'], 4, 4), ['busy']);
  assert.deepEqual(states(['alloc'], 4, 4), ['busy']);
  assert.deepEqual(states(['completing'], 4, 1), ['partly-used']);
  assert.deepEqual(states(['draining'], 4, 4), ['busy', 'offline']);
  assert.deepEqual(states(['drng'], 4, 1), ['partly-used', 'offline']);
  assert.deepEqual(states(['drained']), ['offline']);
  assert.deepEqual(states(['drained', 'idle+drain']), ['offline']);
  assert.deepEqual(states(['draining', 'mixed+drain'], 4, 3), ['partly-used', 'offline']);
  assert.deepEqual(states(['down*']), ['down', 'unknown']);
  assert.deepEqual(states(['idle*']), ['free', 'unknown'], 'not responding, not yet down');
  assert.deepEqual(states(['idle~']), ['free'], 'powered down to save power');
  assert.deepEqual(states(['idle#']), ['free']);
  assert.deepEqual(states(['mixed-'], 4, 1), ['partly-used'], 'planned');
  assert.deepEqual(states(['reserved']), ['reserved']);
  assert.deepEqual(states(['idle$']), ['free', 'reserved']);
  assert.deepEqual(states(['maint']), ['reserved']);
  assert.deepEqual(states(['fail']), ['down']);
  assert.deepEqual(states(['failing'], 4, 4), ['busy', 'offline']);
  assert.deepEqual(states(['inval']), ['unknown']);
  assert.deepEqual(states(['future']), ['unknown']);
  assert.deepEqual(states(['unknown']), ['unknown']);
  assert.deepEqual(states(['IDLE', 'DRAIN']), ['offline']);
  assert.deepEqual(states(['allocated', 'DRAIN', 'NOT_RESPONDING'], 4, 4), ['busy', 'offline', 'unknown']);
  assert.deepEqual(states(['idle+cloud+powered_down']), ['free']);
  const odd = slurmNodeStates(nodeStateWords(['wibble']), 4, 0);
  assert.deepEqual(odd.states, ['unknown']);
  assert.deepEqual(odd.unknownWords, ['wibble']);
});
