/**
 * The agent collecting from a real Slurm (e2e/slurm/slurm-cluster.ts): `webstat-agent collect`
 * prints each user's cores, `flavour: auto` finds Slurm, the JSON forms agree with the text, and a
 * frozen controller, a garbage-printing squeue or a missing one become failures with the same
 * codes as for PBS (timeout, parse-error, command-not-found), after which collection recovers.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { Collector, type CollectorOptions } from '../../agent/collector/collector.ts';
import { DEFAULT_COMMAND_PATHS } from '../../agent/collector/command-plan.ts';
import { parseOutput } from '../../agent/formats.ts';
import type { Usage } from '../../protocol/model.ts';
import { startSlurmCluster, type SlurmCluster } from './slurm-cluster.ts';

const run = promisify(execFile);
let cluster: SlurmCluster;
const ids: Record<string, string> = {};

before(async () => {
  cluster = await startSlurmCluster();
  ids.runA = await cluster.submit('webstat-a', { cpus: 1, seconds: 600 });
  ids.runB = await cluster.submit('webstat-b', { cpus: cluster.cpus - 1, seconds: 600, partition: 'short' });
  await cluster.waitForJob(ids.runA, (state) => state === 'RUNNING');
  await cluster.waitForJob(ids.runB, (state) => state === 'RUNNING');
  ids.pendA = await cluster.submit('webstat-a', { cpus: 2, seconds: 60 });
  ids.pendB = await cluster.submit('webstat-b', { cpus: 1, seconds: 60, partition: 'short' });
  await cluster.waitForJob(ids.pendB, (state) => state === 'PENDING');
});

after(async () => {
  await cluster?.stop();
});

function options(overrides: Partial<CollectorOptions> = {}): CollectorOptions {
  return { flavour: 'slurm', commands: DEFAULT_COMMAND_PATHS, commandTimeoutMs: 20_000, env: { ...process.env, ...cluster.env }, ...overrides };
}

function byName(rows: Usage[]): Map<string, Usage> {
  return new Map(rows.map((row) => [row.name, row]));
}

function assertUsers(rows: Usage[], label: string): void {
  const users = byName(rows);
  assert.equal(users.get('webstat-a')?.coresRunning, 1, label);
  assert.equal(users.get('webstat-a')?.coresQueued, 2, label);
  assert.equal(users.get('webstat-b')?.coresRunning, cluster.cpus - 1, label);
  assert.equal(users.get('webstat-b')?.coresQueued, 1, label);
}

test('webstat-agent collect --flavour slurm prints each user’s running and pending cores', async () => {
  const cli = new URL('../../agent/cli.ts', import.meta.url).pathname;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', cli, 'collect', '--flavour', 'slurm', '--compact'], {
    env: { ...process.env, ...cluster.env },
  });
  const out = JSON.parse(stdout);
  assert.deepEqual([out.scheduler.kind, out.scheduler.flavour], ['slurm', 'slurm']);
  assertUsers(out.summary.users, 'collect');
  assert.equal(out.summary.coresTotal, cluster.cpus);
  assert.equal(out.summary.coresUsed, cluster.cpus);
  assert.deepEqual(out.nodes.map((node: { name: string }) => node.name), [cluster.nodeName]);
  const queues = new Map<string, Record<string, number>>(out.queues.map((queue: { name: string; jobs: Record<string, number> }) => [queue.name, queue.jobs]));
  assert.deepEqual([queues.get('batch')?.running, queues.get('batch')?.queued], [1, 1]);
  assert.deepEqual([queues.get('short')?.running, queues.get('short')?.queued], [1, 1]);
  const groups = byName(out.summary.groups);
  assert.equal(groups.get('webstat-a')?.coresRunning, 1, 'no account: the Unix group');
});

test('flavour auto finds Slurm with sinfo --version and keeps the answer', async () => {
  const collector = new Collector(options({ flavour: 'auto' }), parseOutput);
  const outcome = await collector.collect();
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.failure.message);
  assert.equal(outcome.cluster.scheduler.kind, 'slurm');
  assert.equal(outcome.cluster.scheduler.flavour, 'slurm');
  assert.match(outcome.cluster.scheduler.version ?? '', /^\d+\.\d+\.\d+/);
  assertUsers(outcome.cluster.summary.users, 'auto');
  assert.equal(collector.scheduler.kind, 'slurm');
});

test('slurm.json: squeue/sinfo --json give the same numbers', async () => {
  const outcome = await new Collector(options({ commands: { ...DEFAULT_COMMAND_PATHS, slurmJson: true } }), parseOutput).collect();
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.failure.message);
  assert.deepEqual(outcome.warnings, []);
  assertUsers(outcome.cluster.summary.users, 'json');
  assert.equal(outcome.cluster.nodes[0]!.coresUsed, cluster.cpus);
});

test('a frozen controller: the commands are killed at the timeout, then collection recovers', async () => {
  const collector = new Collector(options({ commandTimeoutMs: 1500 }), parseOutput);
  cluster.pauseController();
  try {
    const outcome = await collector.collect();
    assert.equal(outcome.ok, false);
    if (!outcome.ok) {
      assert.equal(outcome.failure.code, 'timeout');
      assert.match(outcome.failure.message, /squeue/);
      assert.equal(outcome.scheduler.kind, 'slurm');
    }
  } finally {
    cluster.resumeController();
  }
  const again = await collector.collect();
  assert.ok(again.ok, again.ok ? '' : again.failure.message);
  assertUsers(again.cluster.summary.users, 'after the thaw');
});

test('garbage from squeue is a parse-error; a missing squeue is command-not-found', async () => {
  const garbage = await new Collector(options({ commands: { ...DEFAULT_COMMAND_PATHS, squeue: '/bin/echo' } }), parseOutput).collect();
  assert.equal(garbage.ok, false);
  if (!garbage.ok) assert.equal(garbage.failure.code, 'parse-error');
  const missing = await new Collector(options({ commands: { ...DEFAULT_COMMAND_PATHS, squeue: '/nonexistent/squeue' } }), parseOutput).collect();
  assert.equal(missing.ok, false);
  if (!missing.ok) assert.equal(missing.failure.code, 'command-not-found');
});
