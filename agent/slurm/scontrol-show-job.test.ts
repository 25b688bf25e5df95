import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ParseError } from '../parse-result.ts';
import { fixture } from '../pbs/fixture-files.ts';
import { scanScontrolRecords } from './scontrol-records.ts';
import { parseScontrolShowJob } from './scontrol-show-job.ts';

const UTC = { now: 1_700_000_000, timeZone: 'UTC' };
const utc = (y: number, mo: number, d: number, h: number, mi: number, s: number) => Date.UTC(y, mo - 1, d, h, mi, s) / 1000;

test('scontrol show job (CERN): salloc chatter before the record, Account=(null)', () => {
  const out = parseScontrolShowJob(fixture('slurm/scontrol_show_job_cern_alibi.txt'), UTC);
  assert.equal(out.jobs!.length, 1);
  const job = out.jobs![0]!;
  assert.equal(job.id, '192');
  assert.equal(job.name, 'sh');
  assert.equal(job.user, 'milettri');
  assert.equal(job.account, null);
  assert.equal(job.group, 'def-cg', 'no account: the Unix group');
  assert.equal(job.state, 'running');
  assert.equal(job.queue, 'interactive');
  assert.equal(job.cores, 56);
  assert.equal(job.nodeCount, 1);
  assert.equal(job.gpus, 0);
  assert.equal(job.memoryBytes, null, 'no mem in TRES, MinMemoryNode=0');
  assert.equal(job.walltimeLimit, 15 * 60);
  assert.equal(job.submittedAt, utc(2020, 2, 10, 15, 4, 34));
  assert.equal(job.startedAt, utc(2020, 2, 10, 15, 4, 34));
  assert.equal(job.comment, null, 'Reason=None');
  assert.match(out.warnings.join('\n'), /5 line\(s\) before the first job/);
});

test('scontrol show job (CINECA): account, TRES memory, a templated id', () => {
  const job = parseScontrolShowJob(fixture('slurm/scontrol_show_job_cineca_m100_hyperqueue.txt'), UTC).jobs![0]!;
  assert.equal(job.id, '{job_id}', 'the test that saved it templated the id');
  assert.equal(job.name, 'bash');
  assert.equal(job.user, 'sboehm00');
  assert.equal(job.account, 'lig8_dev');
  assert.equal(job.group, 'lig8_dev');
  assert.equal(job.queue, 'm100_all_serial');
  assert.equal(job.cores, 4);
  assert.equal(job.memoryBytes, 7600 * 2 ** 20, 'TRES mem=7600M');
  assert.equal(job.startedAt, utc(2021, 10, 7, 11, 15, 26));
  assert.equal(job.submittedAt, utc(2021, 10, 7, 11, 14, 47));
});

test('scontrol show job -d (TU Delft): a space inside GroupId, a detail line, a double space', () => {
  const text = fixture('slurm/scontrol_show_job_tudelft_space_in_group_TRUNCATED.txt');
  const record = scanScontrolRecords(text, 'JobId').records[0]!;
  assert.equal(record.fields.get('GroupId'), 'domain users(100513)');
  assert.equal(record.fields.get('MCS_label'), 'N/A');
  assert.equal(record.fields.get('LastSchedEval'), '2015-06-30T14:01:01');
  assert.equal(record.fields.get('Scheduler'), 'Main');
  assert.equal(record.fields.get('JOB_GRES'), '(null)');
  assert.equal(record.details.length, 1);
  assert.equal(record.details[0]!.get('CPU_IDs'), '26-27');
  assert.equal(record.details[0]!.get('GRES'), '');

  const job = parseScontrolShowJob(text, UTC).jobs![0]!;
  assert.equal(job.id, '2');
  assert.equal(job.name, 'jobscript.sbatch');
  assert.equal(job.user, 'SomeNetId');
  assert.equal(job.account, 'ewi-insy');
  assert.equal(job.group, 'ewi-insy');
  assert.equal(job.cores, 2);
  assert.equal(job.memoryBytes, 2 ** 30, 'TRES mem=1G');
  assert.equal(job.walltimeLimit, 60);
  assert.equal(job.queue, 'general');
});

// In the shape `scontrol show job -d` of slurm-wlm 22.05.8 prints on the test machine, trimmed to
// the lines the parser reads, some values changed to cover more: a pending task list, a held job,
// and a running job with a GPU and an account.
const SLURM_22_05 = `JobId=4 ArrayJobId=4 ArrayTaskId=1-4 JobName=arr
   UserId=webstat-b(1002) GroupId=webstat-b(1002) MCS_label=N/A
   Priority=4294901756 Nice=0 Account=(null) QOS=(null)
   JobState=PENDING Reason=Priority Dependency=(null)
   RunTime=00:00:00 TimeLimit=1-00:00:00 TimeMin=N/A
   SubmitTime=2026-11-28T02:57:04 EligibleTime=2026-11-28T02:57:04
   StartTime=Unknown EndTime=Unknown Deadline=N/A
   Partition=batch AllocNode:Sid=localhost:18061
   NodeList=
   NumNodes=1 NumCPUs=1 NumTasks=1 CPUs/Task=1 ReqB:S:C:T=0:0:*:*
   TRES=cpu=1,mem=20000M,node=1,billing=1
   MinCPUsNode=1 MinMemoryNode=0 MinTmpDiskNode=0
   Power=
   

JobId=5 JobName=held
   UserId=webstat-a(1001) GroupId=webstat-a(1001) MCS_label=N/A
   Priority=0 Nice=0 Account=(null) QOS=(null)
   JobState=PENDING Reason=JobHeldUser Dependency=(null)
   TimeLimit=1-00:00:00 TimeMin=N/A
   SubmitTime=2026-11-28T02:57:04 EligibleTime=2026-11-28T02:57:04
   StartTime=2026-11-29T02:57:04 EndTime=2026-11-30T02:57:04 Deadline=N/A
   Partition=batch AllocNode:Sid=localhost:18061
   NodeList= SchedNodeList=vm
   NumNodes=1 NumCPUs=2 NumTasks=2 CPUs/Task=1 ReqB:S:C:T=0:0:*:*
   TRES=cpu=2,mem=20000M,node=1,billing=2

JobId=6 JobName=gpu
   UserId=webstat-b(1002) GroupId=webstat-b(1002) MCS_label=N/A
   Priority=4294901755 Nice=0 Account=physics QOS=(null)
   JobState=RUNNING Reason=None Dependency=(null)
   TimeLimit=00:10:00 TimeMin=N/A
   SubmitTime=2026-11-28T03:00:07 EligibleTime=2026-11-28T03:00:07
   StartTime=2026-11-28T03:00:15 EndTime=2026-11-28T03:10:15 Deadline=N/A
   Partition=short AllocNode:Sid=localhost:18061
   NodeList=vm
   BatchHost=vm
   NumNodes=1 NumCPUs=1 NumTasks=1 CPUs/Task=1 ReqB:S:C:T=0:0:*:*
   TRES=cpu=1,node=1,billing=1
   JOB_GRES=gpu:tesla:1
     Nodes=vm CPU_IDs=0 Mem=0 GRES=gpu:tesla:1(IDX:0)
   MinCPUsNode=1 MinMemoryNode=100M MinTmpDiskNode=0
   TresPerNode=gres:gpu:tesla:1
`;

test('scontrol show job -d (Slurm 22.05): task lists expanded, holds, GPUs from the -d lines', () => {
  const jobs = new Map(parseScontrolShowJob(SLURM_22_05, UTC).jobs!.map((job) => [job.id, job]));
  assert.deepEqual([...jobs.keys()], ['4_1', '4_2', '4_3', '4_4', '5', '6']);
  assert.equal(jobs.get('4_3')!.state, 'queued');
  assert.equal(jobs.get('4_3')!.arrayParent, '4');
  assert.equal(jobs.get('4_3')!.arrayIndex, 3);
  assert.equal(jobs.get('4_3')!.comment, 'Priority');
  assert.equal(jobs.get('4_3')!.estimatedStart, null, 'StartTime=Unknown');
  assert.equal(jobs.get('5')!.state, 'held');
  assert.equal(jobs.get('5')!.cores, 2);
  assert.equal(jobs.get('5')!.estimatedStart, utc(2026, 11, 29, 2, 57, 4));
  assert.equal(jobs.get('6')!.state, 'running');
  assert.equal(jobs.get('6')!.gpus, 1);
  assert.equal(jobs.get('6')!.group, 'physics');
  assert.equal(jobs.get('6')!.memoryBytes, 100 * 2 ** 20, 'MinMemoryNode=100M, nothing in TRES');
  assert.equal(jobs.get('6')!.walltimeLimit, 600);
});

test('scontrol show job: nothing or garbage', () => {
  assert.deepEqual(parseScontrolShowJob('No jobs in the system\n', UTC).jobs, []);
  assert.throws(() => parseScontrolShowJob('slurm_load_jobs error: Unable to contact slurm controller\n', UTC), (error) => error instanceof ParseError && error.line === 1);
});
