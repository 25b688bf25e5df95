import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalJobs } from '../../protocol/canonical-order.ts';
import { deriveSummary } from '../../protocol/summary.ts';
import { ParseError } from '../parse-result.ts';
import { fixture } from '../pbs/fixture-files.ts';
import { parseSqueueJson } from './squeue-json.ts';

const UTC = { now: 1_730_000_000, timeZone: 'UTC' };

test('squeue --json (rivos): a 21.08 job and a 23.x pending array spliced together', () => {
  const out = parseSqueueJson(fixture('slurm/squeue_json_rivos_mixed_21.08_and_newer.txt'), UTC);
  assert.equal(out.scheduler.kind, 'slurm');
  assert.equal(out.scheduler.version, '21.08.5');
  const jobs = new Map(out.jobs!.map((job) => [job.id, job]));
  assert.equal(out.jobs!.length, 11, 'one running job and the ten tasks of 58948420_[1-10]');

  const running = jobs.get('26515966')!;
  assert.equal(running.state, 'running');
  assert.equal(running.rawState, 'RUNNING');
  assert.equal(running.name, 'job_name');
  assert.equal(running.user, 'bkd');
  assert.equal(running.account, 'account1');
  assert.equal(running.group, 'account1', 'the account stands for the group');
  assert.equal(running.queue, 'hw-l');
  assert.equal(running.cores, 1);
  assert.equal(running.gpus, 0);
  assert.equal(running.nodeCount, 1);
  assert.equal(running.memoryBytes, 62.5 * 2 ** 30, 'tres_alloc_str mem=62.50G');
  assert.equal(running.walltimeLimit, 30240 * 60, 'time_limit is in minutes');
  assert.equal(running.submittedAt, 1684114900);
  assert.equal(running.startedAt, 1684114921);
  assert.equal(running.comment, null, 'state_reason None');
  assert.equal(running.arrayParent, null);

  for (let index = 1; index <= 10; index++) {
    const task = jobs.get(`58948420_${index}`)!;
    assert.equal(task.arrayParent, '58948420');
    assert.equal(task.arrayIndex, index);
    assert.equal(task.isArrayParent, false);
    assert.equal(task.state, 'held', 'pending on a Dependency');
    assert.equal(task.comment, 'Dependency');
    assert.equal(task.name, 'some job name');
    assert.equal(task.account, 'account1');
    assert.equal(task.queue, 'hw-m');
    assert.equal(task.cores, 1);
    assert.equal(task.memoryBytes, 128 * 2 ** 30, 'tres_req_str mem=128G');
    assert.equal(task.walltimeLimit, 1439 * 60, '{"set":true,"number":1439} minutes');
    assert.equal(task.submittedAt, 1729715848);
    assert.equal(task.startedAt, null);
    assert.equal(task.estimatedStart, null, 'start_time 0 is no estimate');
  }

  const summary = deriveSummary(canonicalJobs(out.jobs!), []);
  const bkd = summary.users.find((row) => row.name === 'bkd')!;
  assert.equal(bkd.coresRunning, 1);
  assert.equal(bkd.jobsRunning, 1);
  assert.equal(bkd.jobsHeld, 10);
  assert.equal(bkd.coresQueued, 0);
});

test('newer squeue --json: job_state lists, wrapped numbers, GPUs in TRES and gres_detail', () => {
  const text = JSON.stringify({
    meta: { slurm: { version: { major: '24', minor: '05', micro: '3' }, release: '24.05.3' } },
    errors: [],
    warnings: [],
    jobs: [
      {
        job_id: 525,
        array_job_id: { set: true, infinite: false, number: 0 },
        array_task_id: { set: false, infinite: false, number: 0 },
        name: 'sleep_gpu',
        user_name: 'm318358',
        group_name: 'merckdefault',
        account: '',
        partition: 'gpu',
        job_state: ['RUNNING'],
        state_reason: 'None',
        cpus: { set: true, infinite: false, number: 2 },
        node_count: { set: true, infinite: false, number: 1 },
        tasks: { set: true, infinite: false, number: 1 },
        tres_alloc_str: 'cpu=2,mem=4G,node=1,billing=2,gres/gpu=1,gres/gpu:l40s=1,gres/tmpsize=10737418240',
        time_limit: { set: true, infinite: false, number: 60 },
        submit_time: { set: true, infinite: false, number: 1755290300 },
        start_time: { set: true, infinite: false, number: 1755290346 },
      },
      {
        job_id: 526,
        name: 'wait',
        user_name: 'ana',
        group_name: 'lab',
        account: 'physics',
        partition: 'gpu,cpu',
        job_state: ['PENDING', 'REQUEUED'],
        state_reason: 'Resources',
        cpus: { set: true, infinite: false, number: 8 },
        node_count: { set: true, infinite: false, number: 2 },
        tasks: { set: true, infinite: false, number: 8 },
        tres_alloc_str: '',
        tres_req_str: 'cpu=8,mem=16G,node=2,billing=8',
        tres_per_node: 'gres/gpu:a100=2',
        time_limit: { set: false, infinite: true, number: 0 },
        submit_time: { set: true, infinite: false, number: 1755290000 },
        start_time: { set: true, infinite: false, number: 1755299999 },
      },
      {
        job_id: 527,
        name: 'old',
        user_name: 'ana',
        partition: 'cpu',
        job_state: 'COMPLETED',
        cpus: 4,
        gres_detail: ['gpu:tesla:1(IDX:0)'],
      },
    ],
  });
  const out = parseSqueueJson(text, UTC);
  assert.equal(out.scheduler.version, '24.05.3');
  const [gpuJob, pending, done] = out.jobs!;
  assert.equal(gpuJob!.state, 'running');
  assert.equal(gpuJob!.rawState, 'RUNNING');
  assert.equal(gpuJob!.gpus, 1, 'gres/gpu=1, the typed entry is the same GPU');
  assert.equal(gpuJob!.cores, 2);
  assert.equal(gpuJob!.group, 'merckdefault', 'no account: the Unix group');
  assert.equal(gpuJob!.account, null);
  assert.equal(gpuJob!.walltimeLimit, 3600);
  assert.equal(gpuJob!.startedAt, 1755290346);

  assert.equal(pending!.state, 'queued', 'requeued and pending for resources');
  assert.equal(pending!.rawState, 'PENDING,REQUEUED');
  assert.equal(pending!.queue, 'gpu', 'pending in two partitions: counted in the first');
  assert.equal(pending!.gpus, 4, 'two GPUs per node on two nodes');
  assert.equal(pending!.memoryBytes, 16 * 2 ** 30);
  assert.equal(pending!.walltimeLimit, null, 'infinite');
  assert.equal(pending!.estimatedStart, 1755299999);
  assert.equal(pending!.startedAt, null);
  assert.equal(pending!.comment, 'Resources');

  assert.equal(done!.state, 'completed');
  assert.equal(done!.gpus, 1, 'from gres_detail');
});

test('squeue --json that is not: a ParseError with a line', () => {
  assert.throws(() => parseSqueueJson('', UTC), (error) => error instanceof ParseError && error.code === 'parse-error');
  assert.throws(() => parseSqueueJson('{\n  "meta": {},\n  "jobs": [ {"job_id": 1,}\n]}', UTC), (error) => error instanceof ParseError && error.line === 3);
  assert.throws(() => parseSqueueJson('{"meta": {}, "nodes": []}', UTC), (error) => error instanceof ParseError);
});

test('a shell prompt before the JSON and Slurm errors become warnings', () => {
  const out = parseSqueueJson('$ squeue --json\n{"errors":[{"description":"partition x hidden","error_number":2}],"jobs":[]}', UTC);
  assert.deepEqual(out.jobs, []);
  assert.equal(out.warnings.length, 2);
  assert.match(out.warnings.join('\n'), /partition x hidden/);
});
