import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ParseError } from '../parse-result.ts';
import { parseSinfoJson } from './sinfo-json.ts';

const CONTEXT = { now: 0, timeZone: 'UTC' };

// `sinfo --json` of slurm-wlm 22.05.8 on the test machine (a node running two jobs with its GPUs),
// fields the parser does not read left out, and a second node drained to show state_flags.
const SLURM_22_05 = `{
  "meta": {
    "plugin": { "type": "openapi\\/v0.0.38", "name": "Slurm OpenAPI v0.0.38" },
    "Slurm": { "version": { "major": 22, "micro": 8, "minor": 5 }, "release": "22.05.8" }
  },
  "errors": [
  ],
  "nodes": [
    {
      "cores": 1, "cpus": 2, "features": "fast,ib", "active_features": "fast,ib",
      "gres": "gpu:tesla:2", "gres_drained": "N\\/A", "gres_used": "gpu:tesla:2(IDX:0-1)",
      "name": "vm", "state": "allocated", "state_flags": [
      ],
      "operating_system": "Linux 6.18.44-fc-v782 #1 SMP PREEMPT_DYNAMIC @0",
      "partitions": [ "batch", "short" ], "real_memory": 20000, "reason": "",
      "alloc_memory": 0, "alloc_cpus": 2, "idle_cpus": 0, "tres_used": "cpu=2"
    },
    {
      "cpus": 2, "features": "", "gres": "", "gres_used": "", "name": "vm2", "state": "idle",
      "state_flags": [ "DRAIN" ], "partitions": [ "batch" ], "real_memory": 20000,
      "reason": "disk check by admin", "alloc_cpus": 0, "idle_cpus": 2
    }
  ]
}`;

test('sinfo --json of 21.08-22.05: "nodes", state with state_flags', () => {
  const out = parseSinfoJson(SLURM_22_05, CONTEXT);
  assert.equal(out.scheduler.version, '22.05.8');
  const [vm, vm2] = out.nodes!;
  assert.equal(vm!.name, 'vm');
  assert.deepEqual(vm!.states, ['busy']);
  assert.equal(vm!.cores, 2);
  assert.equal(vm!.coresUsed, 2);
  assert.equal(vm!.gpus, 2);
  assert.equal(vm!.gpusUsed, 2);
  assert.equal(vm!.memoryBytes, 20000 * 2 ** 20);
  assert.deepEqual(vm!.properties, ['batch', 'short', 'fast', 'ib']);
  assert.equal(vm!.comment, null);
  assert.deepEqual(vm2!.states, ['offline']);
  assert.equal(vm2!.comment, 'disk check by admin');
});

test('sinfo --json of 23.02 and later: "sinfo" records per node and partition', () => {
  const record = (partition: string, name: string, state: string[], allocated: number, reason: unknown) => ({
    port: 6818,
    partition: { name: partition },
    node: { state },
    nodes: { allocated: 0, idle: 0, other: 1, total: 1, hostnames: [], addresses: [], nodes: [name] },
    cpus: { allocated, idle: 256 - allocated, other: 0, total: 256, minimum: 256, maximum: 256 },
    memory: { minimum: 1547680, maximum: 1547680, free: { minimum: { set: true, infinite: false, number: 1534954 } }, allocated: 0 },
    gres: { total: 'tmpsize:7T,gpu:l40s:4(S:0-1)', used: 'gpu:l40s:1(IDX:0),tmpsize:10737418240' },
    features: { total: 'l40s,ib', active: 'l40s,ib' },
    reason,
  });
  const text = JSON.stringify({
    errors: [],
    meta: { slurm: { release: '24.11.1' } },
    sinfo: [record('cpu', 'demu4x001', ['IDLE', 'DRAIN'], 0, 'bad fan'), record('gpu', 'demu4x001', ['IDLE', 'DRAIN'], 0, 'bad fan'), record('gpu', 'demu4x002', ['MIXED'], 2, { description: '' })],
    warnings: [],
  });
  const out = parseSinfoJson(text, CONTEXT);
  assert.equal(out.scheduler.version, '24.11.1');
  const [first, second] = out.nodes!;
  assert.equal(out.nodes!.length, 2);
  assert.deepEqual(first!.states, ['offline']);
  assert.deepEqual(first!.properties, ['cpu', 'gpu', 'l40s', 'ib']);
  assert.equal(first!.comment, 'bad fan');
  assert.equal(first!.gpus, 4);
  assert.equal(first!.gpusUsed, 1);
  assert.equal(first!.memoryBytes, 1547680 * 2 ** 20);
  assert.deepEqual(second!.states, ['partly-used']);
  assert.equal(second!.coresUsed, 2);
  assert.equal(second!.cores, 256);
  assert.equal(second!.comment, null);
});

test('a grouped sinfo record shares its CPUs out over its nodes', () => {
  const text = JSON.stringify({
    sinfo: [{ node: { state: ['ALLOCATED'] }, nodes: { nodes: ['a1', 'a2'] }, cpus: { allocated: 96, total: 96 }, partition: { name: 'p' } }],
  });
  const nodes = parseSinfoJson(text, CONTEXT).nodes!;
  assert.deepEqual(nodes.map((node) => [node.name, node.cores, node.coresUsed]), [['a1', 48, 48], ['a2', 48, 48]]);
});

test('JSON of something else is a ParseError', () => {
  assert.throws(() => parseSinfoJson('{"jobs": []}', CONTEXT), (error) => error instanceof ParseError);
  assert.throws(() => parseSinfoJson('sinfo: error: unrecognized option --json', CONTEXT), (error) => error instanceof ParseError);
});
