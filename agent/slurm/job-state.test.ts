import assert from 'node:assert/strict';
import { test } from 'node:test';
import { slurmJobState } from './job-state.ts';

test('Slurm job states to the DESIGN words', () => {
  const cases: Array<[string[], string | null, string | null]> = [
    [['PENDING'], 'Resources', 'queued'],
    [['PENDING'], 'Priority', 'queued'],
    [['PD'], 'QOSMaxJobsPerUserLimit', 'queued'],
    [['PENDING'], 'JobHeldUser', 'held'],
    [['PENDING'], 'JobHeldAdmin', 'held'],
    [['PENDING'], 'Dependency', 'held'],
    [['PENDING'], 'DependencyNeverSatisfied', 'held'],
    [['PENDING'], 'BeginTime', 'waiting'],
    [['RUNNING'], null, 'running'],
    [['R'], null, 'running'],
    [['CONFIGURING'], null, 'running'],
    [['CF'], null, 'running'],
    [['COMPLETING'], null, 'exiting'],
    [['RUNNING', 'COMPLETING'], null, 'exiting'],
    [['SUSPENDED'], null, 'suspended'],
    [['STOPPED'], null, 'suspended'],
    [['REQUEUED'], null, 'queued'],
    [['PENDING', 'REQUEUED'], 'JobHeldAdmin', 'held'],
    [['REQUEUE_HOLD'], null, 'held'],
    [['PENDING', 'REQUEUE_HOLD'], null, 'held'],
    [['SPECIAL_EXIT'], null, 'held'],
    [['RESV_DEL_HOLD'], null, 'held'],
    [['COMPLETED'], null, 'completed'],
    [['CD'], null, 'completed'],
    [['CANCELLED by 0'], null, 'completed'],
    [['FAILED'], 'NonZeroExitCode', 'completed'],
    [['TIMEOUT'], null, 'completed'],
    [['NODE_FAIL'], null, 'completed'],
    [['PREEMPTED'], null, 'completed'],
    [['OUT_OF_MEMORY'], null, 'completed'],
    [['BOOT_FAIL'], null, 'completed'],
    [['DEADLINE'], null, 'completed'],
    [['running'], null, 'running'],
    [['WIBBLE'], null, null],
    [[], null, null],
  ];
  for (const [words, reason, state] of cases) assert.equal(slurmJobState(words, reason), state, `${words.join(',')} ${reason}`);
});
