import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalJobs } from '../../protocol/canonical-order.ts';
import { deriveSummary } from '../../protocol/summary.ts';
import { ParseError } from '../parse-result.ts';
import { parseSqueueText, SQUEUE_ARGS } from './squeue-text.ts';

const UTC = { now: 1_795_834_700, timeZone: 'UTC' };
const US = '\x1f';
const RS = '\x1e';

/** Rows as `squeue --Format` prints them with the collector's separators. */
function table(rows: string[][]): string {
  return rows.map((row) => `${row.join(US)}${RS}\n`).join('');
}

const HEADER = ['JOBID', 'NAME', 'USER', 'GROUP', 'ACCOUNT', 'PARTITION', 'STATE', 'REASON', 'CPUS', 'NODES', 'TASKS', 'TRES_ALLOC', 'TRES_PER_JOB', 'TRES_PER_NODE', 'TRES_PER_TASK', 'MIN_MEMORY', 'TIME_LIMIT', 'SUBMIT_TIME', 'START_TIME'];

// Rows as slurm-wlm 22.05.8 printed them on the test machine with SLURM_TIME_FORMAT=%s, plus a
// name with the characters a plain `|` or space split would break on.
const OUTPUT = table([
  HEADER,
  ['3', 'pend-a', 'webstat-a', 'webstat-a', '(null)', 'batch', 'PENDING', 'Resources', '2', '1', '2', 'cpu=2,mem=20000M,node=1,billing=2', 'N/A', 'N/A', 'N/A', '0', '1-00:00:00', '1795834624', '1795921024'],
  ['4_1', 'arr', 'webstat-b', 'webstat-b', '(null)', 'batch', 'PENDING', 'Priority', '1', '1', '1', 'cpu=1,mem=20000M,node=1,billing=1', 'N/A', 'N/A', 'N/A', '0', '1-00:00:00', '1795834624', 'N/A'],
  ['5', 'held', 'webstat-a', 'webstat-a', '(null)', 'batch', 'PENDING', 'JobHeldUser', '1', '1', '1', 'cpu=1,mem=20000M,node=1,billing=1', 'N/A', 'N/A', 'N/A', '0', '1-00:00:00', '1795834624', 'N/A'],
  ['6', 'gpu', 'webstat-b', 'webstat-b', '(null)', 'batch', 'RUNNING', 'None', '1', '1', '1', 'cpu=1,node=1,billing=1', 'N/A', 'gres:gpu:tesla:1', 'N/A', '0', '1-00:00:00', '1795834807', '1795834815'],
  ['7', 'gpu2', 'webstat-a', 'webstat-a', '(null)', 'batch', 'RUNNING', 'None', '1', '1', '1', 'cpu=1,node=1,billing=1', 'gres:gpu:1', 'N/A', 'N/A', '0', '1-00:00:00', '1795834807', '1795834815'],
  ['2', 'a|b c\nd', 'webstat-b', 'webstat-b', 'physics', 'short', 'RUNNING', 'None', '1', '1', '1', 'cpu=1,node=1,billing=1', 'N/A', 'N/A', 'N/A', '100M', '10:00', '1795834624', '1795834624'],
  ['9', 'done', 'webstat-a', 'webstat-a', '(null)', 'short', 'COMPLETING', 'None', '4', '1', '4', 'cpu=4,node=1,billing=4', 'N/A', 'N/A', 'N/A', '0', 'UNLIMITED', '1795834000', '1795834100'],
]);

test('squeue --Format text: states, array tasks, GPUs, limits and times', () => {
  const out = parseSqueueText(OUTPUT, UTC);
  assert.deepEqual(out.warnings, []);
  const jobs = new Map(out.jobs!.map((job) => [job.id, job]));
  assert.equal(jobs.size, 7);

  const pending = jobs.get('3')!;
  assert.equal(pending.state, 'queued');
  assert.equal(pending.comment, 'Resources');
  assert.equal(pending.cores, 2);
  assert.equal(pending.account, null);
  assert.equal(pending.group, 'webstat-a');
  assert.equal(pending.walltimeLimit, 86400);
  assert.equal(pending.submittedAt, 1795834624);
  assert.equal(pending.estimatedStart, 1795921024);
  assert.equal(pending.startedAt, null);
  assert.equal(pending.memoryBytes, 20000 * 2 ** 20);

  assert.equal(jobs.get('4_1')!.arrayParent, '4');
  assert.equal(jobs.get('4_1')!.arrayIndex, 1);
  assert.equal(jobs.get('5')!.state, 'held');
  assert.equal(jobs.get('6')!.gpus, 1, 'gres:gpu:tesla:1 per node; TRES does not track GPUs here');
  assert.equal(jobs.get('7')!.gpus, 1, 'gres:gpu:1 per job');
  assert.equal(jobs.get('6')!.startedAt, 1795834815);

  const odd = jobs.get('2')!;
  assert.equal(odd.name, 'a|b c\nd');
  assert.equal(odd.account, 'physics');
  assert.equal(odd.group, 'physics');
  assert.equal(odd.queue, 'short');
  assert.equal(odd.walltimeLimit, 600, 'MM:SS');
  assert.equal(odd.memoryBytes, 100 * 2 ** 20, 'MinMemory 100M when TRES has no mem');

  assert.equal(jobs.get('9')!.state, 'exiting');
  assert.equal(jobs.get('9')!.walltimeLimit, null);

  const summary = deriveSummary(canonicalJobs(out.jobs!), []);
  const users = new Map(summary.users.map((row) => [row.name, row]));
  assert.equal(users.get('webstat-a')!.coresRunning, 1 + 4, 'job 7 and the completing job 9');
  assert.equal(users.get('webstat-a')!.coresQueued, 2);
  assert.equal(users.get('webstat-a')!.jobsHeld, 1);
  assert.equal(users.get('webstat-b')!.coresRunning, 2);
  assert.equal(users.get('webstat-b')!.coresQueued, 1);
  assert.equal(summary.gpusUsed, 2);
});

test('local ISO times are read in the context zone', () => {
  const text = table([
    ['JOBID', 'USER', 'PARTITION', 'STATE', 'CPUS', 'SUBMIT_TIME', 'START_TIME'],
    ['1', 'ana', 'batch', 'RUNNING', '8', '2026-11-28T02:57:04', '2026-07-01T12:00:00'],
  ]);
  const job = parseSqueueText(text, { now: 0, timeZone: 'Europe/Berlin' }).jobs![0]!;
  assert.equal(job.submittedAt, Date.UTC(2026, 10, 28, 1, 57, 4) / 1000, 'CET is UTC+1');
  assert.equal(job.startedAt, Date.UTC(2026, 6, 1, 10, 0, 0) / 1000, 'CEST is UTC+2');
  const odd = parseSqueueText(text.replace('2026-11-28T02:57:04', 'Tomorr 03:00'), UTC);
  assert.equal(odd.jobs![0]!.submittedAt, null);
  assert.match(odd.warnings.join('\n'), /SLURM_TIME_FORMAT/);
});

test('squeue -o with | and %R: pending reasons in parentheses, compact states', () => {
  const text = 'JOBID|PARTITION|NAME|USER|ST|CPUS|NODELIST(REASON)|\n11|debug|x|bo|PD|4|(QOSMaxCpuPerUserLimit)|\n12|debug|y|bo|R|2|node[01-02]|\n13|debug|z|bo|PD|1|(BeginTime)|\n';
  const jobs = parseSqueueText(text, UTC).jobs!;
  assert.equal(jobs[0]!.state, 'queued');
  assert.equal(jobs[0]!.comment, 'QOSMaxCpuPerUserLimit');
  assert.equal(jobs[1]!.state, 'running');
  assert.equal(jobs[1]!.comment, null, 'a node list is no reason');
  assert.equal(jobs[2]!.state, 'waiting', 'BeginTime');
});

test('pending task lists (squeue without --array) become one job per task', () => {
  const text = table([
    ['JOBID', 'USER', 'PARTITION', 'STATE', 'REASON', 'CPUS'],
    ['40_[3-7:2,10%2]', 'ana', 'batch', 'PENDING', 'JobArrayTaskLimit', '4'],
    ['41_[1-3,5...]', 'ana', 'batch', 'PENDING', 'Priority', '2'],
  ]);
  const out = parseSqueueText(text, UTC);
  assert.deepEqual(
    out.jobs!.map((job) => job.id),
    ['40_3', '40_5', '40_7', '40_10', '41_[1-3,5...]'],
  );
  assert.equal(out.jobs![0]!.cores, 4);
  assert.match(out.warnings.join('\n'), /cut short/);
});

test('rows that do not fit the header are skipped and reported; only such rows is an error', () => {
  const text = table([
    ['JOBID', 'USER', 'PARTITION', 'STATE', 'CPUS'],
    ['1', 'ana', 'batch', 'RUNNING', '8'],
    ['2', 'ana', 'batch', 'RUNNING'],
  ]);
  const out = parseSqueueText(text, UTC);
  assert.equal(out.jobs!.length, 1);
  assert.match(out.warnings.join('\n'), /1 row\(s\) with a wrong number of fields skipped \(first at line 3\)/);
  assert.throws(
    () => parseSqueueText(table([['JOBID', 'USER', 'PARTITION', 'STATE', 'CPUS'], ['2', 'ana']]), UTC),
    (error) => error instanceof ParseError && error.line === 2,
  );
});

test('output without the needed columns is a ParseError naming them', () => {
  const plain = '             JOBID PARTITION     NAME     USER ST       TIME  NODES NODELIST(REASON)\n                 3     batch   pend-a webstat- PD       0:00      1 (Resources)\n';
  assert.throws(() => parseSqueueText(plain, UTC), (error) => error instanceof ParseError && error.line === 1 && /CPUS/.test(error.reason));
  assert.throws(() => parseSqueueText('', UTC), (error) => error instanceof ParseError);
  assert.throws(() => parseSqueueText('squeue: error: Invalid user: x\n', UTC), (error) => error instanceof ParseError);
});

test('a row without a job id is skipped and reported', () => {
  const out = parseSqueueText(table([['JOBID', 'USER', 'PARTITION', 'STATE', 'CPUS'], ['', 'ana', 'batch', 'RUNNING', '8'], ['7', 'ana', 'batch', 'RUNNING', '8']]), UTC);
  assert.deepEqual(out.jobs!.map((job) => job.id), ['7']);
  assert.match(out.warnings.join('\n'), /line 2: a job without an id skipped/);
});

test('an empty queue is a header and no jobs', () => {
  assert.deepEqual(parseSqueueText(table([HEADER]), UTC).jobs, []);
});

test('the collector asks for every column the parser reads, each ending in a separator', () => {
  const format = SQUEUE_ARGS.find((arg) => arg.startsWith('--Format='))!;
  assert.ok(SQUEUE_ARGS.includes('--array') && SQUEUE_ARGS.includes('--all'));
  const fields = format.slice('--Format='.length).split(',');
  assert.ok(fields.slice(0, -1).every((field) => field.endsWith(`:0${US}`)));
  assert.ok(fields.at(-1)!.endsWith(`:0${RS}`));
});
