import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalJobs } from '../../protocol/canonical-order.ts';
import type { Job } from '../../protocol/model.ts';
import { deriveSummary } from '../../protocol/summary.ts';
import { ParseError } from '../parse-result.ts';
import { fixture } from '../pbs/fixture-files.ts';
import { parseShowqText } from './showq-text.ts';
import { parseShowqXml } from './showq-xml.ts';

const JUNE_2010 = { now: Date.UTC(2010, 5, 14) / 1000, timeZone: 'UTC' };

function users(jobs: Job[]) {
  return new Map(deriveSummary(canonicalJobs(jobs), []).users.map((row) => [row.name, row]));
}

test('Maui showq: upper-case sections, prompt line, processors active line', () => {
  const jobs = parseShowqText(fixture('moab/showq_maui_cluster_fing_2010.txt'), JUNE_2010).jobs!;
  assert.deepEqual(jobs.map((job) => job.id), ['510', '506', '507']);
  assert.equal(users(jobs).get('gusera')!.coresRunning, 17, '"17 of 150 Processors Active"');
  assert.equal(jobs[0]!.startedAt, Date.UTC(2010, 5, 12, 15, 57, 19) / 1000);
});

test('Maui showq with an idle job ("1 Idle Job")', () => {
  const jobs = parseShowqText(fixture('moab/showq_maui_sjtu_gravity.txt'), { now: Date.UTC(2020, 8, 12) / 1000, timeZone: 'UTC' }).jobs!;
  assert.equal(jobs.length, 5);
  const summary = deriveSummary(canonicalJobs(jobs), []);
  assert.equal(summary.coresUsed, 1361, '"1361 of 2784 Processors Active"');
  const idle = jobs.find((job) => job.id === '1277')!;
  assert.equal(idle.state, 'queued');
  assert.equal(idle.cores, 256);
  assert.equal(idle.walltimeLimit, 3 * 86400);
});

test('Moab showq: lower-case sections, eligible and blocked, array ids', () => {
  const blackjack = parseShowqText(fixture('moab/showq_moab_blackjack.txt'), JUNE_2010).jobs!;
  assert.equal(deriveSummary(blackjack, []).coresUsed, 25, '"25 of 732 processors in use"');
  assert.equal(users(blackjack).get('nagele')!.coresRunning, 24);

  const flux = parseShowqText(fixture('moab/showq_w_moab_umich_flux.txt'), { now: Date.UTC(2015, 4, 14) / 1000, timeZone: 'UTC' }).jobs!;
  assert.equal(flux.length, 5);
  assert.equal(users(flux).get('grundoon')!.coresRunning, 2);
  const blocked = flux.find((job) => job.id === '15886094[19]')!;
  assert.equal(blocked.arrayIndex, 19);
  assert.equal(blocked.state, 'queued');
  assert.equal(blocked.comment, 'blocked');
  assert.equal(blocked.cores, 8);
  assert.equal(blocked.walltimeLimit, 86400);
});

test('showq garbage is a ParseError', () => {
  assert.throws(() => parseShowqText('ERROR:    cannot connect to Moab server\n', JUNE_2010), ParseError);
  const broken = fixture('moab/showq_moab_blackjack.txt').replace('32842                nagele    Running    12', '32842                nagele    Running    twelve');
  assert.throws(() => parseShowqText(broken, JUNE_2010), (error) => error instanceof ParseError && error.line === 7);
});

const SHOWQ_XML = `<?xml version="1.0"?>
<Data><Object>queue</Object><cluster LocalActiveNodes="2" LocalUpProcs="64" time="1438010700"></cluster>
<queue count="1" option="active"><job AWDuration="18406" Account="jetmgmt" Class="urgent" DRMJID="49134660.jetbqs3" Group="jetmgmt" JobID="49134660" JobName="STDIN" MasterHost="s163" ReqAWDuration="28800" ReqProcs="16" StartTime="1438010623" State="Running" SubmissionTime="1438010612" User="Christopher.W.Harrop"></job></queue>
<queue count="1" option="eligible"><job Account="a1" Class="batch" DRMJID="49134700.jetbqs3" Group="g1" JobID="49134700" JobName="wait" ReqAWDuration="3600" ReqProcs="4" RsvStartTime="1438020000" StartTime="0" State="Idle" SubmissionTime="1438010000" User="ana"></job></queue>
<queue count="1" option="blocked"><job Account="gvo00002" BlockReason="IdlePolicy" Class="short" DRMJID="1109247.master19.golett.gent.vsc" Description="job 1109247 violates idle HARD MAXIPROC limit of 3528 for user vsc40485  partition ALL (Req: 480  InUse: 3192)" Group="vsc40485" JobID="1109247" JobName="JUBE-wrf-conus_2.5" ReqAWDuration="14400" ReqProcs="480" StartTime="0" State="Idle" SubmissionTime="1507045378" User="vsc40485"></job></queue>
</Data><Data><Object>queue</Object><queue count="1" option="active"><job DRMJID="5.other" JobID="5" ReqProcs="2" State="Running" User="bo" StartTime="1438010000"/></queue></Data>
`;

test('showq --xml: three queues, DRMJID ids, block reasons, concatenated documents', () => {
  const out = parseShowqXml(SHOWQ_XML, { now: 1438010700, timeZone: 'UTC' });
  const jobs = new Map(out.jobs!.map((job) => [job.id, job]));
  assert.equal(jobs.size, 4);
  const running = jobs.get('49134660.jetbqs3')!;
  assert.equal(running.state, 'running');
  assert.equal(running.cores, 16);
  assert.equal(running.queue, 'urgent');
  assert.equal(running.startedAt, 1438010623);
  assert.equal(running.walltimeLimit, 28800);
  const eligible = jobs.get('49134700.jetbqs3')!;
  assert.equal(eligible.state, 'queued');
  assert.equal(eligible.estimatedStart, 1438020000);
  assert.equal(eligible.startedAt, null);
  const blocked = jobs.get('1109247.master19.golett.gent.vsc')!;
  assert.equal(blocked.comment, 'blocked: IdlePolicy: job 1109247 violates idle HARD MAXIPROC limit of 3528 for user vsc40485  partition ALL (Req: 480  InUse: 3192)');
  assert.equal(jobs.get('5.other')!.user, 'bo');
  assert.throws(() => parseShowqXml('<Data><queue option="active"><job JobID="1"', { now: 0 }), ParseError);
  assert.throws(() => parseShowqXml('not xml at all', { now: 0 }), ParseError);
});
