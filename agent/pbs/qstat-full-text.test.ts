import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { canonicalJobs } from '../../protocol/canonical-order.ts';
import type { Job } from '../../protocol/model.ts';
import { deriveSummary } from '../../protocol/summary.ts';
import { ParseError } from '../parse-result.ts';
import { scanAttributeRecords, type TextRecord } from './attribute-text.ts';
import { fixture } from './fixture-files.ts';
import { parseQstatFullText } from './qstat-full-text.ts';

const UTC = { now: 1_750_000_000, timeZone: 'UTC' };

function records(text: string): Map<string, TextRecord> {
  const byName = new Map<string, TextRecord>();
  scanAttributeRecords(text, { headerPrefix: 'Job Id: ' }, (record) => byName.set(record.name, record));
  return byName;
}

function byId(jobs: Job[]): Map<string, Job> {
  return new Map(jobs.map((job) => [job.id, job]));
}

function usage(jobs: Job[]) {
  const summary = deriveSummary(canonicalJobs(jobs), []);
  return new Map(summary.users.map((row) => [row.name, row]));
}

test('Torque (ICHEC): ids without suffix, ranges, a lost "+", completed jobs', () => {
  const out = parseQstatFullText(fixture('torque/qstat_f_aiida_ichec_torque.txt'), UTC);
  const jobs = out.jobs!;
  assert.equal(jobs.length, 10);
  assert.equal(out.scheduler.flavour, 'torque');
  const job = byId(jobs);
  assert.equal(job.get('555716')!.state, 'running');
  assert.equal(job.get('555716')!.cores, 96, 'r2i4n13/0-23+r1i2n12/0-23+r1i2n11/0-23+r1i1n15/0-23');
  assert.equal(job.get('555716')!.nodeCount, 4);
  assert.equal(job.get('555716')!.user, 'somebody');
  assert.equal(job.get('555716')!.group, 'users');
  assert.equal(job.get('555716')!.account, 'dias01');
  assert.equal(job.get('556491')!.cores, 24);
  assert.equal(job.get('549159')!.state, 'held');
  assert.equal(job.get('549159')!.user, 'user_549159', 'Job_Owner without @');
  assert.equal(job.get('549159')!.cores, 96, 'nodes=4:ppn=24 requested');
  assert.equal(job.get('543984')!.state, 'completed');
  assert.equal(job.get('543984')!.cores, 768, '32 hosts x 0-23, one "+" lost at a wrap');
  assert.equal(job.get('543984')!.nodeCount, 32);
  assert.equal(job.get('546437')!.state, 'completed');
  assert.equal(job.get('555716')!.walltimeLimit, 70 * 3600);
  assert.equal(job.get('555716')!.submittedAt, Date.UTC(2015, 5, 26, 14, 4, 56) / 1000);
  assert.equal(job.get('555716')!.startedAt, Date.UTC(2015, 5, 28, 23, 20, 51) / 1000);

  const users = usage(jobs);
  assert.equal(users.get('somebody')!.coresRunning, 96);
  assert.equal(users.get('user_556491')!.coresRunning, 24);
  assert.equal(users.get('user_549004')!.coresQueued, 48);
  assert.equal(users.get('user_549004')!.jobsQueued, 2);
  assert.equal(users.get('user_546437')!.coresRunning, 0, 'its C job never counts');
  assert.equal(users.get('user_546437')!.jobsQueued, 1);
  assert.equal(users.get('user_549159')!.jobsHeld, 1);
  const summary = deriveSummary(canonicalJobs(jobs), []);
  assert.equal(summary.coresUsed, 120);
  assert.equal(summary.jobs.completed, 2);
  assert.equal(summary.jobs.queued, 5);
});

test('wrapped values are reassembled exactly: TAB joins, raw newlines, empty continuation lines', () => {
  const ichec = records(fixture('torque/qstat_f_aiida_ichec_torque.txt'));
  assert.equal(ichec.get('549159')!.attributes.get('Output_Path'), 'host.domain:/some/path/to/sth/GLmore/down/the/path/ASSP-1R.o549159');
  assert.equal(ichec.get('547637')!.attributes.get('Error_Path'), 'server.domain:/path/to/error/file', 'empty line before the next attribute is dropped');
  const hint = ichec.get('543984')!.attributes.get('sched_hint')!;
  assert.ok(hint.startsWith('Post job file processing error; job 543984 on host r2i7n17\n\nUnable to copy file 543984.OU to /some/path/on/the/cluster/MHDsomething_Mp=318.,'), hint.slice(0, 160));
  assert.ok(hint.includes('xyz.o543984, error 1\n*** error from copy\n/bin/cp: cannot stat `543984.OU\': No such file or directory\n*** end error output\n\nUnable to copy file 543984.ER to'));
  assert.ok(hint.endsWith('*** end error output'));
  assert.equal(ichec.get('543984')!.attributes.get('etime'), 'Wed Jun 17 09:16:05 2015', 'the attribute after the raw lines is its own');
  assert.equal(ichec.get('543984')!.attributes.get('submit_args'), 'args_XX.extxyz -l nodes=32:ppn=24,walltime=71:59:59 -v RESUME=true,SMP=24,NND=32,NOPFS=false -d /some/path/ /some/other/path/NIx/que/runN.sth');

  const epfl = records(fixture('pbspro/qstat_f_aiida_epfl_pbspro.txt'));
  assert.equal(epfl.get('69301.mycluster')!.attributes.get('exec_vnode'), '(b141:ncpus=16)+(b142:ncpus=16)+(b143:ncpus=16)+(b144:ncpus=16)', 'lone TAB-) line');
  assert.equal(epfl.get('74164.mycluster')!.attributes.get('comment'), 'Job run at Mon Apr 22 at 07:17 on (b270:ncpus=16)+(b275:ncpus=16)');
  assert.equal(epfl.get('74164.mycluster')!.attributes.get('etime'), 'Mon Apr 22 07:17:34 2013', 'the empty line did not end the job');
  const variables = epfl.get('69301.mycluster')!.attributes.get('Variable_List')!;
  assert.ok(variables.includes('module=() {  eval `/usr/bin/modulecmd bash $*`,},LESSOPEN=|/usr/bin/lesspipe.sh %s,'));
  assert.ok(variables.includes('PBS_O_PATH=/opt/xcat/bin:/opt/xcat/sbin:/usr/lib64/qt-3.3/bin:/usr/local/bin:/bin:/usr/bin:/usr/local/sbin:/usr/sbin:/sbin:/opt/pbs/default/bin:/opt/software/python/3.3.0/bin:/opt/software/bin,'));
  assert.equal(epfl.get('69301.mycluster')!.attributes.get('depend'), 'afterok:69299.mycluster@mycluster.cluster,beforeok:69302.mycluster@mycluster.cluster');

  const yuansuan = records(fixture('pbspro/qstat_fx_and_pbsnodes_a_openpbs_yuansuan_dev8.txt').split(/^=== pbsnodes/m)[0]!);
  const job = yuansuan.get('45.dev8')!;
  assert.equal(job.attributes.get('comment'), 'Job run at Sat Sep 14 at 08:37 on (project-root-dev8:ncpus=1) and finished', '8-space expanded TAB, leading space kept');
  assert.ok(job.attributes.get('Variable_List')!.includes('PBS_O_PATH=/shared/singularity/bin/:/usr/local/bin:/bin:/usr/bin:/usr/local/sbin:/usr/sbin:/opt/pbs/bin:/home/yuansuan/.local/bin:/home/yuansuan/bin,'));
});

test('PBS Pro (EPFL): exec_vnode sums, requests of queued jobs, per-user figures', () => {
  const out = parseQstatFullText(fixture('pbspro/qstat_f_aiida_epfl_pbspro.txt'), UTC);
  const jobs = out.jobs!;
  assert.equal(jobs.length, 6);
  assert.equal(out.scheduler.flavour, 'pbspro');
  assert.equal(out.scheduler.server, 'mycluster');
  const job = byId(jobs);
  assert.equal(job.get('69301.mycluster')!.cores, 64);
  assert.equal(job.get('69301.mycluster')!.nodeCount, 4);
  assert.equal(job.get('69301.mycluster')!.account, 'lsu');
  assert.equal(job.get('74164.mycluster')!.account, null, '_pbs_project_default is no account');
  assert.equal(job.get('74164.mycluster')!.group, null, 'no egroup printed');
  assert.equal(job.get('68350.mycluster')!.cores, 240, 'Resource_List.ncpus of a queued job');
  assert.equal(job.get('68350.mycluster')!.comment, 'Not Running: Node is in an ineligible state: offline');
  assert.equal(job.get('68350.mycluster')!.submittedAt, Date.UTC(2013, 3, 9, 15, 1, 47) / 1000);
  assert.equal(job.get('69302.mycluster')!.state, 'held');
  assert.equal(job.get('69301.mycluster')!.startedAt, Date.UTC(2013, 3, 20, 1, 36, 59) / 1000, 'stime');
  const users = usage(jobs);
  assert.equal(users.get('user02')!.coresRunning, 64);
  assert.equal(users.get('user3')!.coresRunning, 32);
  assert.equal(users.get('usernum1')!.coresQueued, 480);
  assert.equal(users.get('usernum1')!.jobsQueued, 2);
  assert.equal(users.get('user02')!.jobsHeld, 1);
  assert.equal(users.get('user3')!.jobsHeld, 1);
});

test('PBS Pro slot index, group_list, select wrapped inside a token, history F', () => {
  const [running] = parseQstatFullText(fixture('pbspro/qstat_f_aiida_running_jobfs.txt'), UTC).jobs!;
  assert.equal(running!.cores, 1, 'exec_host mycluster-cpu-0686/24 is slot 24, one core');
  assert.equal(running!.group, 'proj');
  assert.equal(running!.account, 'proj');
  assert.equal(running!.memoryBytes, 524288000);
  assert.equal(running!.walltimeLimit, 10 * 3600);

  const text = fixture('pbspro/qstat_fx_and_pbsnodes_a_openpbs_yuansuan_dev8.txt').split(/^=== pbsnodes/m)[0]!;
  const [finished] = parseQstatFullText(text, UTC).jobs!;
  assert.equal(finished!.state, 'completed');
  assert.equal(finished!.rawState, 'F');
  assert.equal(finished!.user, 'yuansuan');
  assert.equal(deriveSummary([finished!], []).coresUsed, 0);
});

test('Torque 2.x: exiting job still holds its cores; one-line Variable_List', () => {
  const [job] = parseQstatFullText(fixture('torque/qstat_f_torque_jscfi_server2_2011.txt'), UTC).jobs!;
  assert.equal(job!.state, 'exiting');
  assert.equal(job!.cores, 2);
  assert.equal(deriveSummary([job!], []).users[0]!.coresRunning, 2);
});

test('times follow the configured zone', () => {
  const [job] = parseQstatFullText(fixture('pbspro/qstat_f_aiida_running_jobfs.txt'), { now: 0, timeZone: 'Australia/Sydney' }).jobs!;
  assert.equal(job!.submittedAt, Date.UTC(2026, 5, 16, 18, 56, 36) / 1000, 'Wed Jun 17 04:56:36 2026 at UTC+10');
});

const ARRAYS = `Job Id: 673175[].torque01
    Job_Name = sweep
    Job_Owner = ana@login1
    job_state = R
    queue = batch
    Resource_List.nodes = 1:ppn=2
    job_array_request = 1-3

Job Id: 673175[1].torque01
    Job_Name = sweep-1
    Job_Owner = ana@login1
    job_state = R
    queue = batch
    exec_host = n01/0-1
    Resource_List.nodes = 1:ppn=2
    job_array_id = 1

Job Id: 673175[2].torque01
    Job_Name = sweep-2
    Job_Owner = ana@login1
    job_state = Q
    queue = batch
    Resource_List.nodes = 1:ppn=2

Job Id: 2597100[].pbsserver
    Job_Name = DemoHayB
    Job_Owner = jdar4135@login1
    job_state = B
    queue = small-express
    Resource_List.ncpus = 4
    Resource_List.select = 1:ncpus=4:ngpus=1
    array = True
    array_state_count = Queued:0 Running:2 Exiting:0 Expired:0

Job Id: 2597100[7].pbsserver
    Job_Name = DemoHayB
    Job_Owner = jdar4135@login1
    job_state = R
    queue = small-express
    exec_host = n7/0*4
    exec_vnode = (n7:ncpus=4:ngpus=1)
    Resource_List.ncpus = 4
    Resource_List.select = 1:ncpus=4:ngpus=1

Job Id: 2597100[8].pbsserver
    Job_Name = DemoHayB
    Job_Owner = jdar4135@login1
    job_state = X
    queue = small-express
    Resource_List.ncpus = 4
    Resource_List.select = 1:ncpus=4:ngpus=1
`;

test('-t array parents never count; subjobs do; X subjobs are completed', () => {
  const jobs = parseQstatFullText(ARRAYS, UTC).jobs!;
  const job = byId(jobs);
  assert.equal(job.get('673175[].torque01')!.isArrayParent, true);
  assert.equal(job.get('673175[1].torque01')!.arrayParent, '673175[].torque01');
  assert.equal(job.get('673175[1].torque01')!.arrayIndex, 1);
  assert.equal(job.get('2597100[].pbsserver')!.state, 'running');
  assert.equal(job.get('2597100[].pbsserver')!.rawState, 'B');
  assert.equal(job.get('2597100[].pbsserver')!.isArrayParent, true);
  assert.equal(job.get('2597100[7].pbsserver')!.gpus, 1);
  assert.equal(job.get('2597100[8].pbsserver')!.state, 'completed');
  const summary = deriveSummary(canonicalJobs(jobs), []);
  assert.equal(summary.coresUsed, 2 + 4, 'parents (R and B) excluded');
  assert.equal(summary.gpusUsed, 1);
  assert.equal(new Map(summary.users.map((row) => [row.name, row])).get('ana')!.coresQueued, 2);
});

test('a text it cannot make sense of is a ParseError with the line', () => {
  assert.throws(() => parseQstatFullText('qstat: cannot connect to server pbs01 (errno=111)\n', UTC), (error) => {
    assert.ok(error instanceof ParseError);
    assert.equal(error.code, 'parse-error');
    assert.equal(error.line, 1);
    assert.equal(error.command, 'qstat -f');
    return true;
  });
  const noOwner = 'Job Id: 1.srv\n    Job_Name = a\n    Job_Owner = u@h\n    job_state = R\n    queue = q\n\nJob Id: 2.srv\n    Job_Name = b\n    job_state = Q\n';
  assert.throws(() => parseQstatFullText(noOwner, UTC), (error) => error instanceof ParseError && error.line === 7);
  const truncated = fixture('pbspro/qstat_f_aiida_epfl_pbspro.txt').slice(0, 1800);
  const cut = truncated.lastIndexOf('Job Id:');
  assert.throws(() => parseQstatFullText(truncated.slice(0, cut + 40), UTC), ParseError);
});

test('an empty output is no jobs; a prompt line before the records is reported', () => {
  assert.deepEqual(parseQstatFullText('', UTC).jobs, []);
  const out = parseQstatFullText('[user@login ~]$ qstat -f\n' + fixture('torque/qstat_f_torque_jscfi_server2_2011.txt'), UTC);
  assert.equal(out.jobs!.length, 1);
  assert.equal(out.warnings.length, 1);
});

test('an unknown state letter is kept, reported, and never counted', () => {
  const out = parseQstatFullText('Job Id: 9.srv\n    Job_Name = a\n    Job_Owner = u@h\n    job_state = Z\n    queue = q\n    Resource_List.ncpus = 8\n', UTC);
  assert.equal(out.jobs![0]!.rawState, 'Z');
  assert.equal(out.jobs![0]!.state, 'held');
  assert.equal(out.warnings.length, 1);
  assert.equal(deriveSummary(out.jobs!, []).coresUsed, 0);
});

test('CRLF line ends read like LF', () => {
  const text = fixture('pbspro/qstat_f_aiida_epfl_pbspro.txt');
  assert.deepEqual(parseQstatFullText(text.replace(/\n/g, '\r\n'), UTC).jobs, parseQstatFullText(text, UTC).jobs);
});

test('property: any value wrapped as qstat wraps it (TAB or 8 spaces) reads back exactly', () => {
  const valueText = fc.string({ unit: fc.constantFrom(...'abcXYZ019 =+:/,.()[]{}@%*-_"\'`$'.split('')), minLength: 0, maxLength: 300 });
  fc.assert(
    fc.property(valueText, fc.integer({ min: 20, max: 90 }), fc.boolean(), (value, width, expanded) => {
      const head = '    Variable_List = ';
      const pieces: string[] = [];
      let rest = value;
      let room = width - head.length;
      while (rest.length > room) {
        pieces.push(rest.slice(0, Math.max(1, room)));
        rest = rest.slice(Math.max(1, room));
        room = width - 8;
      }
      pieces.push(rest);
      const indent = expanded ? '        ' : '\t';
      const text = `Job Id: 1.s\n    Job_Name = a\n${head}${pieces.join(`\n${indent}`)}\n    queue = q\n\nJob Id: 2.s\n    Job_Name = b\n`;
      const read = records(text);
      const stored = read.get('1.s')!.attributes.get('Variable_List') ?? '';
      // A value that ends in spaces loses nothing; one that is empty reads as empty.
      assert.equal(stored, value);
      assert.equal(read.get('1.s')!.attributes.get('queue'), 'q');
    }),
    { numRuns: 500 },
  );
});
