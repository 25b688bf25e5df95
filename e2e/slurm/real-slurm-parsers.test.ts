/**
 * The Slurm parsers on the outputs of a real Slurm (e2e/slurm/slurm-cluster.ts): two users with
 * running, pending, held and array jobs; every form the agent reads must agree with what was
 * submitted, core for core.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { canonicalJobs, canonicalNodes } from '../../protocol/canonical-order.ts';
import type { Job, Usage } from '../../protocol/model.ts';
import { deriveSummary } from '../../protocol/summary.ts';
import type { ParsedOutput } from '../../agent/parse-result.ts';
import { SLURM_COMMAND_ENV } from '../../agent/slurm/command-plan.ts';
import { parseScontrolShowJob } from '../../agent/slurm/scontrol-show-job.ts';
import { parseSinfoJson } from '../../agent/slurm/sinfo-json.ts';
import { parseSinfoNodesText, SINFO_NODE_ARGS } from '../../agent/slurm/sinfo-nodes-text.ts';
import { parseSinfoPartitionsText, SINFO_PARTITION_ARGS } from '../../agent/slurm/sinfo-partitions-text.ts';
import { parseSqueueJson } from '../../agent/slurm/squeue-json.ts';
import { parseSqueueText, SQUEUE_ARGS } from '../../agent/slurm/squeue-text.ts';
import { defaultTimeZone } from '../../agent/units/clock-time.ts';
import { startSlurmCluster, type SlurmCluster } from './slurm-cluster.ts';

let cluster: SlurmCluster;
const submitted: Record<string, string> = {};
const context = () => ({ now: Math.floor(Date.now() / 1000), timeZone: defaultTimeZone() });

before(async () => {
  cluster = await startSlurmCluster({ gpus: 2 });
  // Fill the node: webstat-a one core, webstat-b the rest with a GPU, in the short partition.
  submitted.runA = await cluster.submit('webstat-a', { cpus: 1, seconds: 600, name: 'run a' });
  submitted.runB = await cluster.submit('webstat-b', { cpus: cluster.cpus - 1, seconds: 600, name: 'run-b', gpus: 1, partition: 'short', account: 'physics', time: '10:00' });
  await cluster.waitForJob(submitted.runA, (state) => state === 'RUNNING');
  await cluster.waitForJob(submitted.runB, (state) => state === 'RUNNING');
  // Then what cannot start: two cores for webstat-a, a three-task array for webstat-b, a held job.
  submitted.pendA = await cluster.submit('webstat-a', { cpus: 2, seconds: 60, name: 'pend-a' });
  submitted.arrayB = await cluster.submit('webstat-b', { cpus: 1, seconds: 60, name: 'arr-b', array: '1-3' });
  submitted.heldA = await cluster.submit('webstat-a', { cpus: 1, seconds: 60, name: 'held-a', hold: true });
  await cluster.waitForJob(submitted.pendA, (state) => state === 'PENDING');
});

after(async () => {
  await cluster?.stop();
});

function users(jobs: Job[]): Map<string, Usage> {
  return new Map(deriveSummary(canonicalJobs(jobs), []).users.map((row) => [row.name, row]));
}

/** What was submitted, as the summary must count it. */
function assertSubmittedUsage(parsed: ParsedOutput, label: string): void {
  const rows = users(parsed.jobs!);
  const a = rows.get('webstat-a')!;
  const b = rows.get('webstat-b')!;
  assert.equal(a.coresRunning, 1, `${label}: webstat-a running cores`);
  assert.equal(a.coresQueued, 2, `${label}: webstat-a pending cores`);
  assert.equal(a.jobsHeld, 1, `${label}: webstat-a held jobs`);
  assert.equal(b.coresRunning, cluster.cpus - 1, `${label}: webstat-b running cores`);
  assert.equal(b.coresQueued, 3, `${label}: webstat-b pending cores (three array tasks)`);
  assert.equal(b.jobsQueued, 3, `${label}: webstat-b pending jobs`);
  assert.equal(b.gpusRunning, 1, `${label}: webstat-b GPUs`);
}

test('squeue --Format text (the collector default): every user’s running and pending cores', async () => {
  const { stdout } = await cluster.client(['squeue', ...SQUEUE_ARGS], SLURM_COMMAND_ENV);
  const parsed = parseSqueueText(stdout, context());
  assert.deepEqual(parsed.warnings, []);
  assertSubmittedUsage(parsed, 'squeue text');
  const jobs = new Map(parsed.jobs!.map((job) => [job.id, job]));
  const runB = jobs.get(submitted.runB!)!;
  assert.equal(runB.name, 'run-b');
  assert.equal(runB.queue, 'short');
  assert.equal(runB.account, 'physics');
  assert.equal(runB.group, 'physics');
  assert.equal(runB.walltimeLimit, 600);
  assert.ok(runB.startedAt !== null && Math.abs(runB.startedAt - Date.now() / 1000) < 300);
  assert.equal(jobs.get(submitted.runA!)!.name, 'run a');
  assert.equal(jobs.get(submitted.runA!)!.group, 'webstat-a', 'no account: the Unix group');
  assert.equal(jobs.get(submitted.heldA!)!.state, 'held');
  assert.equal(jobs.get(submitted.heldA!)!.comment, 'JobHeldUser');
  for (const index of [1, 2, 3]) {
    const task = jobs.get(`${submitted.arrayB}_${index}`)!;
    assert.equal(task.arrayParent, submitted.arrayB);
    assert.equal(task.state, 'queued');
  }
});

test('squeue text with the site’s default time format reads the same times', async () => {
  const epoch = parseSqueueText((await cluster.client(['squeue', ...SQUEUE_ARGS], SLURM_COMMAND_ENV)).stdout, context()).jobs!;
  const local = parseSqueueText((await cluster.client(['squeue', ...SQUEUE_ARGS], { SLURM_TIME_FORMAT: 'standard' })).stdout, context()).jobs!;
  assert.deepEqual(
    local.map((job) => [job.id, job.submittedAt, job.startedAt]),
    epoch.map((job) => [job.id, job.submittedAt, job.startedAt]),
  );
});

test('squeue --json: the same numbers, the pending array expanded', async () => {
  const { stdout } = await cluster.client(['squeue', '--all', '--json']);
  const parsed = parseSqueueJson(stdout, context());
  assert.match(parsed.scheduler.version ?? '', /^\d+\.\d+/);
  assertSubmittedUsage(parsed, 'squeue --json');
});

test('scontrol show job -d: the same numbers', async () => {
  const { stdout } = await cluster.client(['scontrol', 'show', 'job', '-d']);
  assertSubmittedUsage(parseScontrolShowJob(stdout, context()), 'scontrol show job');
});

test('sinfo --Node text and --json: the node full, its GPUs, partitions and features', async () => {
  const text = parseSinfoNodesText((await cluster.client(['sinfo', ...SINFO_NODE_ARGS], SLURM_COMMAND_ENV)).stdout, context());
  const json = parseSinfoJson((await cluster.client(['sinfo', '--all', '--Node', '--json'])).stdout, context());
  for (const [label, parsed] of [['text', text], ['json', json]] as const) {
    assert.deepEqual(parsed.warnings, [], label);
    assert.equal(parsed.nodes!.length, 1, label);
    const node = parsed.nodes![0]!;
    assert.equal(node.name, cluster.nodeName, label);
    assert.deepEqual(node.states, ['busy'], label);
    assert.equal(node.cores, cluster.cpus, label);
    assert.equal(node.coresUsed, cluster.cpus, label);
    assert.equal(node.gpus, 2, label);
    assert.equal(node.gpusUsed, 1, label);
    assert.deepEqual(node.properties, ['batch', 'short', 'fast', 'ib'], label);
    const summary = deriveSummary([], canonicalNodes(parsed.nodes!));
    assert.equal(summary.coresTotal, cluster.cpus, label);
  }
});

test('sinfo partitions: batch is the default, short the higher tier', async () => {
  const parsed = parseSinfoPartitionsText((await cluster.client(['sinfo', ...SINFO_PARTITION_ARGS], SLURM_COMMAND_ENV)).stdout, context());
  assert.deepEqual(
    parsed.queues!.map((queue) => [queue.name, queue.enabled, queue.started, queue.walltimeMax, queue.priority, queue.limits.Default ?? null]),
    [
      ['batch', true, true, 86400, 1, 'YES'],
      ['short', true, true, 3600, 2, null],
    ],
  );
});
