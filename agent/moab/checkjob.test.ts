import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Job } from '../../protocol/model.ts';
import { ParseError } from '../parse-result.ts';
import { fixture } from '../pbs/fixture-files.ts';
import { parseQstatFullText } from '../pbs/qstat-full-text.ts';
import { parseCheckjob } from './checkjob.ts';
import { enrichWithMoab } from './enrich.ts';

const NOW = { now: Date.UTC(2019, 0, 23, 16, 0, 0) / 1000, timeZone: 'UTC' };

function one(path: string, context = NOW): Job {
  const jobs = parseCheckjob(fixture(path), context).jobs!;
  assert.equal(jobs.length, 1);
  return jobs[0]!;
}

test('idle job with a pending reason (VSC)', () => {
  const job = one('moab/checkjob_idle_insufficient_procs_vsc.txt');
  assert.equal(job.id, '20030021');
  assert.equal(job.state, 'queued');
  assert.equal(job.user, 'vsc30001');
  assert.equal(job.group, 'vsc30001');
  assert.equal(job.account, 'vsc30001');
  assert.equal(job.queue, 'qreg');
  assert.equal(job.cores, 896);
  assert.equal(job.walltimeLimit, 3600);
  assert.equal(job.comment, 'job cannot run in partition DEFAULT (insufficient idle procs available: 752 < 896)');
});

test('running jobs: allocated [host:procs], trailing spaces after the state', () => {
  const sugon = one('moab/checkjob_maui_running_sugon_inode.txt');
  assert.equal(sugon.state, 'running');
  assert.equal(sugon.cores, 4);
  assert.equal(sugon.group, 'energy');
  assert.equal(sugon.account, 'SugonClus');
  assert.equal(sugon.walltimeLimit, 1800);

  const nemo = one('moab/checkjob_moab_tardis_running_nemo.txt');
  assert.equal(nemo.state, 'running');
  assert.equal(nemo.rawState, 'Running');
  assert.equal(nemo.cores, 20);
  assert.equal(nemo.walltimeLimit, 2 * 86400);
  assert.equal(nemo.startedAt, Date.UTC(2019, 0, 23, 15, 31, 47) / 1000);

  const maui = one('moab/checkjob_v_maui_cluster_fing_2010.txt', { now: Date.UTC(2010, 5, 14) / 1000, timeZone: 'UTC' });
  assert.equal(maui.cores, 8, 'HostList repeats the allocation and is not added');
  assert.equal(maui.walltimeLimit, 25 * 86400);
  assert.equal(maui.user, 'gusera');
  assert.equal(maui.queue, 'publica');
});

test('idle job: tasks × procs per task; completed job without a header', () => {
  const idle = one('moab/checkjob_moab_tardis_idle.txt');
  assert.equal(idle.cores, 20);
  assert.equal(idle.name, 'hostname');
  assert.equal(idle.account, 'ab12cd34');
  assert.equal(idle.submittedAt, Date.UTC(2019, 0, 23, 15, 1, 47) / 1000);

  const done = one('moab/checkjob_moab_completed_kronos_2010.txt', { now: Date.UTC(2010, 1, 9) / 1000, timeZone: 'UTC' });
  assert.equal(done.id, '227486');
  assert.equal(done.state, 'completed');
  assert.equal(done.user, 'syoung');
  assert.equal(done.cores, 1);
  assert.equal(done.walltimeLimit, 4 * 3600);
});

test('checkjob without a state or a user is a ParseError', () => {
  assert.throws(() => parseCheckjob('job 12\nCreds:  user:a  group:b\n', NOW), (error) => error instanceof ParseError && error.line === 1);
  assert.throws(() => parseCheckjob('ERROR:  invalid job specified\n', NOW), ParseError);
});

test('a reservation of a waiting job is its estimated start', () => {
  const text = 'job 77 (RM job \'77.pbs01\')\n\nState: Idle\nCreds:  user:ana  group:chem\nTotal Requested Tasks: 4\nReservation \'77\' (00:10:00 -> 1:00:10:00  Duration: 1:00:00:00)\n';
  const job = parseCheckjob(text, NOW).jobs![0]!;
  assert.equal(job.id, '77.pbs01');
  assert.equal(job.estimatedStart, NOW.now + 600);
});

test('Moab enriches PBS jobs: reasons, holds, estimated starts, by job number', () => {
  const pbs = parseQstatFullText(fixture('torque/qstat_f_aiida_ichec_torque.txt'), NOW).jobs!;
  const moab = parseCheckjob(
    'job 549004\nState: Deferred\nCreds:  user:user_549004\njob cannot run in partition DEFAULT (idle procs do not meet requirements : 0 of 24 procs found)\n\n' +
      'job 549005\nState: Idle\nCreds:  user:user_549004\nReservation \'549005\' (01:00:00 -> 49:00:00  Duration: 48:00:00)\n\n' +
      'job 555716\nState: Running\nCreds:  user:somebody\n',
    NOW,
  ).jobs!;
  const enriched = new Map(enrichWithMoab(pbs, moab).map((job) => [job.id, job]));
  assert.equal(enriched.get('549004')!.state, 'held');
  assert.equal(enriched.get('549004')!.rawState, 'Q');
  assert.match(enriched.get('549004')!.comment!, /^job cannot run in partition DEFAULT/);
  assert.equal(enriched.get('549005')!.state, 'queued');
  assert.equal(enriched.get('549005')!.estimatedStart, NOW.now + 3600);
  assert.equal(enriched.get('555716')!.state, 'running');
  assert.equal(enriched.get('555716')!.cores, 96);
  assert.deepEqual(enriched.get('549008'), pbs.find((job) => job.id === '549008'));
});
