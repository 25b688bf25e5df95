import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Usage } from '../../protocol/model.ts';
import { Collector } from '../collector/collector.ts';
import { DEFAULT_COMMAND_PATHS } from '../collector/command-plan.ts';
import { parseOutput } from '../formats.ts';
import { renderContext } from '../simulator/render-context.ts';
import { SimulatedScheduler } from '../simulator/simulated-scheduler.ts';
import { SyntheticCluster } from '../simulator/synthetic-cluster.ts';
import { collectedCluster, schedulerInfo } from '../collector/collected-cluster.ts';
import { renderSimulatedSinfoNodes, renderSimulatedSinfoPartitions, renderSimulatedSqueue } from './simulated-slurm.ts';

const usage = (rows: readonly Usage[]) => rows.map(({ name, coresRunning, coresQueued, gpusRunning, jobsRunning, jobsQueued, jobsHeld }) => ({ name, coresRunning, coresQueued, gpusRunning, jobsRunning, jobsQueued, jobsHeld }));

test('the simulated Slurm prints what the real parsers read back as the simulated cluster', () => {
  const cluster = new SyntheticCluster({ flavour: 'slurm', jobs: 3000, nodes: 120, users: 30, seed: 7 });
  for (let step = 0; step < 3; step++) cluster.step();
  const context = renderContext(cluster);
  const parse = { now: cluster.time, timeZone: 'UTC' };
  const jobs = parseOutput(renderSimulatedSqueue(context), 'squeue', parse);
  const nodes = parseOutput(renderSimulatedSinfoNodes(context), 'sinfo-nodes', parse);
  const queues = parseOutput(renderSimulatedSinfoPartitions(context), 'sinfo-partitions', parse);
  for (const output of [jobs, nodes, queues]) assert.deepEqual(output.warnings, []);
  const read = collectedCluster(schedulerInfo([jobs.scheduler]), { jobs: jobs.jobs!, nodes: nodes.nodes!, queues: queues.queues! });
  const truth = cluster.snapshot();

  assert.deepEqual(usage(read.summary.users), usage(truth.summary.users));
  assert.deepEqual(usage(read.summary.groups), usage(truth.summary.groups), 'the group is the account');
  assert.deepEqual(usage(read.summary.queues), usage(truth.summary.queues));
  for (const key of ['coresTotal', 'coresUsed', 'coresUnavailable', 'gpusTotal', 'gpusUsed'] as const) assert.equal(read.summary[key], truth.summary[key], key);
  assert.deepEqual(read.summary.nodes, truth.summary.nodes);
  assert.deepEqual(
    read.queues.map((queue) => [queue.name, queue.walltimeMax]),
    truth.queues.map((queue) => [queue.name, queue.walltimeMax]),
  );
  assert.ok(read.jobs.some((job) => job.arrayParent !== null), 'array tasks are there');
});

test('webstat-agent simulate --flavour slurm: the collector runs the Slurm plan against it', async () => {
  const cluster = new SyntheticCluster({ flavour: 'slurm', jobs: 500, nodes: 40, users: 12, seed: 3 });
  const scheduler = new SimulatedScheduler(cluster);
  const outcome = await new Collector({ flavour: 'auto', commands: DEFAULT_COMMAND_PATHS, commandTimeoutMs: 5000 }, parseOutput, scheduler.run).collect();
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.failure.message);
  assert.deepEqual(outcome.warnings, []);
  assert.equal(outcome.cluster.scheduler.kind, 'slurm');
  assert.equal(outcome.cluster.scheduler.version, cluster.snapshot().scheduler.version, 'from sinfo --version');
  assert.equal(outcome.cluster.summary.coresUsed, cluster.snapshot().summary.coresUsed);
  const configured = await new Collector({ flavour: 'slurm', commands: DEFAULT_COMMAND_PATHS, commandTimeoutMs: 5000 }, parseOutput, scheduler.run).collect();
  assert.ok(configured.ok);
  assert.equal(configured.cluster.scheduler.version, cluster.snapshot().scheduler.version, 'flavour slurm asks sinfo --version once too');
});
