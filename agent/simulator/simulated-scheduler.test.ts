import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimulatedScheduler } from './simulated-scheduler.ts';
import { SyntheticCluster } from './synthetic-cluster.ts';

const RUN = { timeoutMs: 1000 };

function scheduler(flavour: 'torque' | 'pbspro', clock: () => number) {
  const cluster = new SyntheticCluster({ flavour, jobs: 300, nodes: 20, users: 8, groups: 3, interval: 60 });
  return { cluster, simulated: new SimulatedScheduler(cluster, { clock }) };
}

test('answers the command lines a real server answers, whatever the path to qstat', async () => {
  const { simulated } = scheduler('pbspro', () => 0);
  const json = await simulated.run({ argv: ['/opt/pbs/bin/qstat', '-f', '-t', '-F', 'json'] }, RUN);
  assert.equal(json.exitCode, 0);
  assert.equal(json.outputBytes, Buffer.byteLength(json.stdout));
  assert.ok(Object.keys(JSON.parse(json.stdout).Jobs).length > 0);
  const version = await simulated.run({ argv: ['qstat', '--version'] }, RUN);
  assert.match(version.stdout, /^pbs_version = /);
});

test('refuses what the flavour does not print, as the real command does: exit 2 and stderr', async () => {
  const { simulated } = scheduler('torque', () => 0);
  const refused = await simulated.run({ argv: ['qstat', '-f', '-t', '-F', 'json'] }, RUN);
  assert.equal(refused.exitCode, 2);
  assert.equal(refused.stdout, '');
  assert.match(refused.stderr, /invalid option/);
});

test('the cluster steps with the clock, not with the number of questions', async () => {
  let now = 1_000_000;
  const { cluster, simulated } = scheduler('pbspro', () => now);
  const startTime = cluster.time;
  for (let i = 0; i < 5; i++) await simulated.run({ argv: ['qstat', '-f', '-t'] }, RUN);
  assert.equal(cluster.time, startTime, 'five questions within one interval: no step');
  now += 60_000;
  await simulated.run({ argv: ['pbsnodes', '-a'] }, RUN);
  assert.equal(cluster.time, startTime + 60);
  now += 3 * 60_000;
  await simulated.run({ argv: ['qstat', '-f', '-t'] }, RUN);
  assert.equal(cluster.time, startTime + 4 * 60);
});
