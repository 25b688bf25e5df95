import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalJobs } from '../../protocol/canonical-order.ts';
import { deriveSummary } from '../../protocol/summary.ts';
import { ParseError } from '../parse-result.ts';
import { fixture } from './fixture-files.ts';
import { parseQstatFullJson } from './qstat-full-json.ts';
import { parseQstatXml } from './qstat-xml.ts';

const UTC = { now: 1_750_000_000, timeZone: 'UTC' };

test('qstat -x -f -F json (OpenPBS 19, prompt line first): a held job', () => {
  const out = parseQstatFullJson(fixture('pbspro/qstat_xf_json_buildtest_held_19.txt'), UTC);
  assert.deepEqual(out.scheduler, { kind: 'pbs', flavour: 'pbspro', version: '19.0.0', server: 'pbs' });
  assert.equal(out.jobs!.length, 1);
  const job = out.jobs![0]!;
  assert.equal(job.id, '157.pbs');
  assert.equal(job.state, 'held');
  assert.equal(job.user, 'pbsuser');
  assert.equal(job.queue, 'workq');
  assert.equal(job.cores, 1, 'ncpus=1 beside nodes=1 and select=1:ncpus=1');
  assert.equal(job.walltimeLimit, 120);
  assert.equal(job.submittedAt, Date.UTC(2021, 7, 20, 23, 14, 8) / 1000);
});

test('qstat -f -F json mixed with a text table (OpenPBS 23.06): no Jobs key is no jobs', () => {
  const out = parseQstatFullJson(fixture('pbspro/json_bug_mixed_text_and_json_pr2675_openpbs23.txt'), UTC);
  assert.deepEqual(out.jobs, []);
  assert.equal(out.scheduler.version, '23.06.06');
  assert.equal(out.scheduler.flavour, 'openpbs');
});

test('JSON job with nested groups, leading-zero env value and an unescaped quote in the comment', () => {
  const text = `{
    "timestamp":1700000000,
    "pbs_version":"2022.1.1",
    "pbs_server":"pbs01",
    "Jobs":{
        "12[3].pbs01":{
            "Job_Name":"sweep",
            "Job_Owner":"jan_brezina@META",
            "job_state":"R",
            "queue":"gpu",
            "exec_host":"g1/0*8",
            "exec_vnode":"(g1:ncpus=8:ngpus=2)",
            "Resource_List":{
                "ncpus":8,
                "ngpus":2,
                "select":"1:ncpus=8:ngpus=2",
                "walltime":"04:00:00"
            },
            "estimated":{
                "start_time":"Tue Nov 14 22:13:20 2023"
            },
            "comment":"Job run at "now" on (g1:ncpus=8)",
            "Variable_List":{
                "SEED":005
            },
            "stime":"Tue Nov 14 22:13:20 2023"
        }
    }
}
`;
  const out = parseQstatFullJson(text, UTC);
  const job = out.jobs![0]!;
  assert.equal(job.user, 'jan_brezina');
  assert.equal(job.cores, 8);
  assert.equal(job.gpus, 2);
  assert.equal(job.arrayParent, '12[].pbs01');
  assert.equal(job.arrayIndex, 3);
  assert.equal(job.comment, 'Job run at "now" on (g1:ncpus=8)');
  assert.equal(job.startedAt, Date.UTC(2023, 10, 14, 22, 13, 20) / 1000);
  assert.ok(out.warnings.some((warning) => warning.startsWith('invalid JSON read leniently')));
});

test('JSON that is not qstat output, or a job without an owner, is a ParseError', () => {
  assert.throws(() => parseQstatFullJson('{\n    "hello":"world"\n}\n', UTC), ParseError);
  const noOwner = '{\n    "pbs_version":"20.0.1",\n    "Jobs":{\n        "1.s":{\n            "job_state":"Q",\n            "queue":"q"\n        }\n    }\n}\n';
  assert.throws(() => parseQstatFullJson(noOwner, UTC), (error) => error instanceof ParseError && error.line === 4);
});

test('Torque qstat -x: nodes spec beats ncpus, epochs, memory', () => {
  const [queued] = parseQstatXml(fixture('torque/qstat_x_batcheuphoria_queued.txt'), UTC).jobs!;
  assert.equal(queued!.id, '4499334.pbsserver');
  assert.equal(queued!.state, 'queued');
  assert.equal(queued!.user, 'otp-data');
  assert.equal(queued!.cores, 4, 'nodes=1:ppn=4 beside ncpus=1');
  assert.equal(queued!.memoryBytes, 37888 * 2 ** 20);
  assert.equal(queued!.walltimeLimit, 5 * 3600);
  assert.equal(queued!.submittedAt, 1522255162);

  const [completed] = parseQstatXml(fixture('torque/qstat_x_batcheuphoria_completed.txt'), UTC).jobs!;
  assert.equal(completed!.state, 'completed');
  assert.equal(completed!.cores, 3);
  assert.equal(completed!.startedAt, 1522939183);

  const osc = parseQstatXml(fixture('torque/qstat_x_osc_machete_oakley.txt'), UTC);
  assert.equal(osc.scheduler.server, 'opt-batch.osc.edu:15001');
  assert.equal(osc.jobs![0]!.cores, 8);
});

test('Torque qstat -x pretty-printed (SURFsara Lisa): per-user running cores', () => {
  const jobs = parseQstatXml(fixture('torque/qstat_x_xenon_lisa_surfsara_prettyprinted.txt'), UTC).jobs!;
  assert.equal(jobs.length, 7);
  const summary = deriveSummary(canonicalJobs(jobs), []);
  const users = new Map(summary.users.map((row) => [row.name, row]));
  assert.equal(users.get('lma410')!.coresRunning, 96, '96 exec_host entries, descending per node');
  assert.equal(users.get('ajlicup')!.coresRunning, 2, 'nodes=1:cores16 is one core each');
  assert.equal(users.get('rrens')!.coresRunning, 1);
  assert.equal(users.get('mattiaf')!.coresQueued, 24 + 22);
  assert.equal(users.get('cdeleeuw')!.coresQueued, 1);
  assert.equal(summary.coresUsed, 99);
});

test('XML with a prefix, raw newlines, and broken XML', () => {
  const text = fixture('torque/qstat_x_batcheuphoria_completed.txt');
  assert.equal(parseQstatXml('<?xml version="1.0"?>\n' + text, UTC).jobs!.length, 1);
  assert.throws(() => parseQstatXml(text.slice(0, 2000), UTC), ParseError);
  assert.throws(() => parseQstatXml('<Data>\n<Job><Job_Id>1</Job_Id></Job>\n</Data>', UTC), (error) => error instanceof ParseError && error.line === 2);
  assert.deepEqual(parseQstatXml('', UTC).jobs, []);
});
