import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ParseError } from '../parse-result.ts';
import { parseScontrolShowPartition } from './scontrol-show-partition.ts';
import { parseSinfoPartitionsText } from './sinfo-partitions-text.ts';

const CONTEXT = { now: 0, timeZone: 'UTC' };
const table = (rows: string[][]) => rows.map((row) => `${row.join('\x1f')}\x1e\n`).join('');

test('sinfo partitions: availability, default, time limits, priority tier, limits', () => {
  // batch and short as slurm-wlm 22.05.8 printed them on the test machine; the others show the
  // remaining availabilities.
  const text = table([
    ['PARTITION', 'AVAIL', 'TIMELIMIT', 'DEFAULTTIME', 'PRIO_TIER', 'PRIO_JOB_FACTOR', 'MAX_CPUS_PER_NODE', 'JOB_SIZE', 'OVERSUBSCRIBE', 'GROUPS', 'NODES'],
    ['batch*', 'up', '1-00:00:00', 'n/a', '1', '1', 'UNLIMITED', '1-infinite', 'NO', 'all', '1'],
    ['short', 'up', '1:00:00', 'n/a', '2', '1', 'UNLIMITED', '1-infinite', 'NO', 'all', '1'],
    ['maint', 'down', 'infinite', '30:00', '1', '1', '16', '1-4', 'FORCE:4', 'admins,ops', '12'],
    ['old', 'drain', '2-00:00:00', 'n/a', '1', '1', 'UNLIMITED', '1-infinite', 'NO', 'all', '3'],
    ['off', 'inact', '1:00:00', 'n/a', '1', '1', 'UNLIMITED', '1-infinite', 'NO', 'all', '0'],
  ]);
  const out = parseSinfoPartitionsText(text, CONTEXT);
  const queues = new Map(out.queues!.map((queue) => [queue.name, queue]));
  assert.deepEqual([...queues.keys()], ['batch', 'short', 'maint', 'old', 'off']);
  const batch = queues.get('batch')!;
  assert.equal(batch.kind, 'execution');
  assert.equal(batch.enabled, true);
  assert.equal(batch.started, true);
  assert.equal(batch.walltimeMax, 86400);
  assert.equal(batch.priority, 1);
  assert.deepEqual(batch.limits, { Default: 'YES', PriorityJobFactor: '1', JobSize: '1-infinite', OverSubscribe: 'NO', TotalNodes: '1' });
  assert.equal(queues.get('short')!.walltimeMax, 3600);
  assert.equal(queues.get('short')!.priority, 2);
  assert.equal(queues.get('short')!.limits.Default, undefined);
  const maint = queues.get('maint')!;
  assert.deepEqual([maint.enabled, maint.started], [true, false], 'down: accepts, starts nothing');
  assert.equal(maint.walltimeMax, null);
  assert.equal(maint.limits.DefaultTime, '30:00');
  assert.equal(maint.limits.MaxCPUsPerNode, '16');
  assert.equal(maint.limits.AllowGroups, 'admins,ops');
  assert.deepEqual([queues.get('old')!.enabled, queues.get('old')!.started], [false, true], 'drain: runs what it has');
  assert.deepEqual([queues.get('off')!.enabled, queues.get('off')!.started], [false, false], 'inactive');
});

test('sinfo --summarize as people paste it reads too', () => {
  const out = parseSinfoPartitionsText('PARTITION AVAIL  TIMELIMIT   NODES(A/I/O/T) NODELIST\nbatch*       up 1-00:00:00          1/0/0/1 vm\nshort        up    1:00:00          1/0/0/1 vm\n', CONTEXT);
  assert.deepEqual(out.queues!.map((queue) => [queue.name, queue.walltimeMax, queue.limits.Default ?? null]), [['batch', 86400, 'YES'], ['short', 3600, null]]);
});

test('scontrol show partition --oneliner (Slurm 22.05 on the test machine, short set to DRAIN)', () => {
  const text =
    'PartitionName=batch AllowGroups=ALL AllowAccounts=ALL AllowQos=ALL AllocNodes=ALL Default=YES QoS=N/A DefaultTime=NONE DisableRootJobs=NO ExclusiveUser=NO GraceTime=0 Hidden=NO MaxNodes=UNLIMITED MaxTime=1-00:00:00 MinNodes=0 LLN=NO MaxCPUsPerNode=UNLIMITED Nodes=vm PriorityJobFactor=1 PriorityTier=1 RootOnly=NO ReqResv=NO OverSubscribe=NO OverTimeLimit=NONE PreemptMode=OFF State=UP TotalCPUs=2 TotalNodes=1 SelectTypeParameters=NONE JobDefaults=(null) DefMemPerNode=UNLIMITED MaxMemPerNode=UNLIMITED TRES=cpu=2,mem=20000M,node=1,billing=2\n' +
    'PartitionName=short AllowGroups=ALL AllowAccounts=ALL AllowQos=ALL AllocNodes=ALL Default=NO QoS=N/A DefaultTime=NONE DisableRootJobs=NO ExclusiveUser=NO GraceTime=0 Hidden=NO MaxNodes=UNLIMITED MaxTime=01:00:00 MinNodes=0 LLN=NO MaxCPUsPerNode=UNLIMITED Nodes=vm PriorityJobFactor=1 PriorityTier=2 RootOnly=NO ReqResv=NO OverSubscribe=NO OverTimeLimit=NONE PreemptMode=OFF State=DRAIN TotalCPUs=2 TotalNodes=1 SelectTypeParameters=NONE JobDefaults=(null) DefMemPerNode=UNLIMITED MaxMemPerNode=UNLIMITED TRES=cpu=2,mem=20000M,node=1,billing=2\n';
  const [batch, short] = parseScontrolShowPartition(text, CONTEXT).queues!;
  assert.equal(batch!.name, 'batch');
  assert.equal(batch!.walltimeMax, 86400);
  assert.equal(batch!.priority, 1);
  assert.deepEqual([batch!.enabled, batch!.started], [true, true]);
  assert.deepEqual(batch!.limits, { Default: 'YES', MinNodes: '0', OverSubscribe: 'NO', PriorityJobFactor: '1', PreemptMode: 'OFF', TotalCPUs: '2', TotalNodes: '1' });
  assert.equal(short!.walltimeMax, 3600);
  assert.equal(short!.priority, 2);
  assert.deepEqual([short!.enabled, short!.started], [false, true]);
  assert.equal(short!.limits.Default, undefined);
});

test('partition outputs that are not: ParseErrors', () => {
  assert.throws(() => parseSinfoPartitionsText('JOBID|USER|\n1|a|\n', CONTEXT), (error) => error instanceof ParseError && error.line === 1);
  assert.throws(() => parseScontrolShowPartition('slurm_load_partitions: Unable to contact slurm controller\n', CONTEXT), (error) => error instanceof ParseError);
  assert.deepEqual(parseScontrolShowPartition('No partitions in the system\n', CONTEXT).queues, []);
});
