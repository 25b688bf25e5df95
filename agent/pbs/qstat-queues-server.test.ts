import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ParseError } from '../parse-result.ts';
import { arcSection, fixture } from './fixture-files.ts';
import { readStateCount } from './queue-attributes.ts';
import { parseQstatQueuesJson } from './qstat-queues-json.ts';
import { parseQstatQueuesText } from './qstat-queues-text.ts';
import { parseQstatServerJson, parseQstatServerText } from './qstat-server.ts';

const CONTEXT = { now: 1_750_000_000, timeZone: 'UTC' };

test('qstat -Q -f text (Torque 2.3.7): kind, enabled, started, limits, counts', () => {
  const out = parseQstatQueuesText(arcSection(fixture('torque/arc_infoprovider_torque237_simulated_outputs.txt'), 'qstat -f -Q queue1'), CONTEXT);
  assert.equal(out.queues!.length, 1);
  const queue = out.queues![0]!;
  assert.equal(queue.name, 'queue1');
  assert.equal(queue.kind, 'execution');
  assert.equal(queue.enabled, true);
  assert.equal(queue.started, true);
  assert.deepEqual(queue.limits, { max_running: '10' });
  assert.equal(queue.jobs.queued, 0);
  assert.equal(queue.walltimeMax, null);
});

test('qstat -Q -f text with templated values reports what it cannot read', () => {
  const out = parseQstatQueuesText(fixture('torque/qstat_Q_f_infn_cert34_template.txt'), CONTEXT);
  const queue = out.queues![0]!;
  assert.equal(queue.name, '%(queue)s');
  assert.equal(queue.walltimeMax, null);
  assert.equal(queue.limits['resources_max.cput'], '%(maxcpu)s');
  assert.ok(out.warnings.some((warning) => warning.includes('resources_max.walltime')));
});

test('state_count: trailing space, negative counts, Begun not counted', () => {
  const warnings: string[] = [];
  const counts = readStateCount('Transit:0 Queued:3 Held:0 Waiting:-3 Running:2 Exiting:0 Begun:4 ', 'q', warnings);
  assert.equal(counts.queued, 3);
  assert.equal(counts.waiting, 0);
  assert.equal(counts.running, 2);
  assert.equal(warnings.length, 1);
});

test('qstat -Q -f -F json (PBS Pro 20, IT4I): limits as printed, held count, walltime', () => {
  const out = parseQstatQueuesJson(fixture('pbspro/qstat_Qf_json_it4i_barbora_20.txt'), CONTEXT);
  assert.equal(out.scheduler.server, 'isrv1.barbora.it4i.cz');
  const queue = out.queues![0]!;
  assert.equal(queue.name, 'qexp');
  assert.equal(queue.kind, 'execution');
  assert.equal(queue.priority, 150);
  assert.equal(queue.jobs.held, 2);
  assert.equal(queue.walltimeMax, 3600);
  assert.equal(queue.enabled, true);
  assert.equal(queue.limits.max_queued, '[u:PBS_GENERIC=5]');
  assert.equal(queue.limits.max_run, '[u:PBS_GENERIC=1]');
  assert.equal(queue.limits['resources_max.ncpus'], '144');
  assert.equal(queue.limits['max_run_res.ncpus'], '[u:PBS_GENERIC=144]');
  assert.equal(queue.limits['resources_max.walltime'], undefined, 'it is walltimeMax');
});

test('qstat -Q -f -F json keeps both values of a duplicated max_queued', () => {
  const text = '{\n    "pbs_version":"23.06.06",\n    "Queue":{\n        "workq":{\n            "queue_type":"Route",\n            "max_queued":"[u:PBS_GENERIC=5]",\n            "max_queued":"[g:PBS_GENERIC=50]",\n            "enabled":"True",\n            "started":"False"\n        }\n    }\n}\n';
  const queue = parseQstatQueuesJson(text, CONTEXT).queues![0]!;
  assert.equal(queue.kind, 'route');
  assert.equal(queue.started, false);
  assert.equal(queue.limits.max_queued, '[u:PBS_GENERIC=5],[g:PBS_GENERIC=50]');
});

test('qstat -Q -f text keeps every line of a multi-valued limit', () => {
  const text = 'Queue: gpu\n    queue_type = Execution\n    max_run_res.ngpus = [p:chem=2]\n    max_run_res.ngpus = [p:physics=8]\n    enabled = True\n    started = True\n';
  const queue = parseQstatQueuesText(text, CONTEXT).queues![0]!;
  assert.equal(queue.limits['max_run_res.ngpus'], '[p:chem=2],[p:physics=8]');
});

test('qstat -Q -f garbage is a ParseError', () => {
  assert.throws(() => parseQstatQueuesText('qstat: Unknown queue destination\n', CONTEXT), (error) => error instanceof ParseError && error.line === 1);
  assert.throws(() => parseQstatQueuesText('Queue: q\n    total_jobs = 0\n', CONTEXT), ParseError);
});

test('qstat -B -f: server name, version and flavour', () => {
  const pro = parseQstatServerText(fixture('pbspro/qstat_B_Bf_Q_pbspro14_sirna1.txt'), CONTEXT);
  assert.deepEqual(pro.scheduler, { kind: 'pbs', flavour: 'pbspro', version: '14.1.2', server: 'sirna1' });
  const torque = parseQstatServerText(fixture('torque/qstat_B_f_infn_cert34_template.txt'), CONTEXT);
  assert.equal(torque.scheduler.server, 'cert-34.pd.infn.it');
  assert.equal(torque.scheduler.version, undefined, 'templated %(lrmsver)s');
  assert.ok(torque.warnings.some((warning) => warning.includes('lrmsver')));
  const real = parseQstatServerText('Server: head\n    pbs_version = 2.5.7\n', CONTEXT);
  assert.equal(real.scheduler.flavour, 'torque');
  const json = parseQstatServerJson('{\n    "pbs_version":"2022.1.1",\n    "pbs_server":"pbs01",\n    "Server":{\n        "pbs01":{\n            "pbs_version":"2022.1.1"\n        }\n    }\n}\n', CONTEXT);
  assert.deepEqual(json.scheduler, { kind: 'pbs', flavour: 'pbspro', version: '2022.1.1', server: 'pbs01' });
  assert.throws(() => parseQstatServerText('nothing\n', CONTEXT), ParseError);
});
