import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalNodes } from '../../protocol/canonical-order.ts';
import type { Node } from '../../protocol/model.ts';
import { deriveSummary } from '../../protocol/summary.ts';
import { ParseError } from '../parse-result.ts';
import { arcSection, fixture } from './fixture-files.ts';
import { parsePbsnodesJson } from './pbsnodes-json.ts';
import { parsePbsnodesText } from './pbsnodes-text.ts';
import { parsePbsnodesXml } from './pbsnodes-xml.ts';

const CONTEXT = { now: 1_750_000_000, timeZone: 'UTC' };

function byName(nodes: Node[]): Map<string, Node> {
  return new Map(nodes.map((node) => [node.name, node]));
}

test('Torque pbsnodes -a with a prompt line, status strings with spaces, elided end', () => {
  const out = parsePbsnodesText(fixture('torque/pbsnodes_a_cluster_fing_2010.txt'), CONTEXT);
  assert.equal(out.nodes!.length, 2);
  const node = byName(out.nodes!).get('node02.cluster.fing')!;
  assert.deepEqual(node.states, ['free']);
  assert.equal(node.cores, 8);
  assert.equal(node.coresUsed, 0);
  assert.deepEqual(node.properties, ['all', 'cpu', 'cpu8', 'ram8']);
  assert.equal(node.memoryBytes, 8174212 * 1024);
  assert.equal(out.warnings.length, 2, 'prompt line and "..." reported');
});

test('Torque 6 pbsnodes hard-wrapped at 200 columns, jobs as a slot range', () => {
  const out = parsePbsnodesText(fixture('torque/pbsnodes_a_torque6_exabyte_hardwrapped.txt'), CONTEXT);
  const nodes = byName(out.nodes!);
  assert.equal(nodes.size, 3);
  const compute = nodes.get('comp-001-zone-a-production-20160630-cluster-001.exabyte.io')!;
  assert.equal(compute.cores, 36);
  assert.equal(compute.coresUsed, 36, 'jobs = 0-35/63779.master…');
  assert.deepEqual(compute.states, ['busy']);
  assert.equal(compute.memoryBytes, 61663128 * 1024);
  const master = nodes.get('master-production-20160630-cluster-001.exabyte.io')!;
  assert.equal(master.memoryBytes, 15233668 * 1024, 'physmem reassembled across the hard wrap');
  assert.deepEqual(master.properties, ['D', 'zone-a']);
  const summary = deriveSummary([], canonicalNodes(out.nodes!));
  assert.equal(summary.coresTotal, 44);
});

test('PBS Pro pbsnodes -av: resources_available, vnode names that differ from the host', () => {
  const [edge] = parsePbsnodesText(fixture('pbspro/pbsnodes_av_alcf_edge.txt'), CONTEXT).nodes!;
  assert.equal(edge!.cores, 128);
  assert.equal(edge!.gpus, 1);
  assert.equal(edge!.memoryBytes, 527831088 * 1024);
  assert.deepEqual(edge!.states, ['free']);

  const text = fixture('pbspro/qstat_fx_and_pbsnodes_a_openpbs_yuansuan_dev8.txt').split(/^=== pbsnodes.*$/m)[1]!;
  const out = parsePbsnodesText(text, CONTEXT);
  assert.equal(out.scheduler.flavour, 'pbspro');
  const nodes = byName(out.nodes!);
  assert.deepEqual([...nodes.keys()], ['project-root-dev8', 'node1', 'master']);
  assert.equal(nodes.get('node1')!.cores, 8);
  assert.equal(nodes.get('master')!.cores, 0, 'natural vnode without ncpus');
});

test('Torque 2.3.7 pbsnodes -a (ARC test outputs)', () => {
  const [node] = parsePbsnodesText(arcSection(fixture('torque/arc_infoprovider_torque237_simulated_outputs.txt'), 'pbsnodes -a'), CONTEXT).nodes!;
  assert.equal(node!.name, 'node1');
  assert.equal(node!.cores, 2);
  assert.deepEqual(node!.properties, ['queue1', 'x86_64']);
});

test('pbsnodes jobs lists: Torque slot/ID, PBS Pro ID/slot, resources_assigned wins', () => {
  const text = `n1
     state = free
     np = 8
     jobs = 0/12.srv, 1/12.srv, 2-3/13.srv

n2
     state = free
     pcpus = 16
     resources_available.ncpus = 16
     jobs = 626489.pbs02/0, 626489.pbs02/1
     resources_assigned.ncpus = 4

n3
     state = down,offline
     np = 4
     note = DIMM error
`;
  const nodes = byName(parsePbsnodesText(text, CONTEXT).nodes!);
  assert.equal(nodes.get('n1')!.coresUsed, 4);
  assert.deepEqual(nodes.get('n1')!.states, ['partly-used']);
  assert.equal(nodes.get('n2')!.coresUsed, 4);
  assert.deepEqual(nodes.get('n3')!.states, ['offline', 'down']);
  assert.equal(nodes.get('n3')!.comment, 'DIMM error');
});

test('pbsnodes -a garbage and truncation are ParseErrors with a line', () => {
  assert.throws(() => parsePbsnodesText('pbsnodes: Server has no node list MSG=node list is empty\n', CONTEXT), (error) => error instanceof ParseError && error.line === 1);
  assert.throws(() => parsePbsnodesText('n1\n     np = 8\n', CONTEXT), (error) => error instanceof ParseError && error.line === 1);
  assert.throws(() => parsePbsnodesText('hello\n', CONTEXT), ParseError);
});

test('pbsnodes -a -F json (Polaris, elided): states, GPUs, assigned cores, comment', () => {
  const out = parsePbsnodesJson(fixture('pbspro/pbsnodes_a_json_alcf_polaris_2022_excerpt.txt'), CONTEXT);
  assert.equal(out.scheduler.version, '2022.1.1.20220926110806');
  const nodes = byName(out.nodes!);
  assert.equal(nodes.size, 3);
  assert.deepEqual(nodes.get('x3006c0s13b1n0')!.states, ['free']);
  assert.equal(nodes.get('x3006c0s13b1n0')!.gpus, 4);
  assert.deepEqual(nodes.get('x3008c0s37b1n0')!.states, ['busy'], 'job-exclusive');
  assert.equal(nodes.get('x3008c0s37b1n0')!.coresUsed, 1);
  assert.deepEqual(nodes.get('x3009c0s19b0n0')!.states, ['down']);
  assert.equal(nodes.get('x3009c0s19b0n0')!.comment, 'node down: communication closed');
  const summary = deriveSummary([], canonicalNodes(out.nodes!));
  assert.equal(summary.coresTotal, 192);
  assert.equal(summary.coresUnavailable, 64);
  assert.equal(summary.gpusTotal, 12);
  assert.ok(out.warnings.some((warning) => warning.includes("'...'")));
});

test('pbsnodes -x (Torque XML): job-exclusive and offline nodes', () => {
  const nodes = byName(parsePbsnodesXml(fixture('torque/pbsnodes_x_uidaho_fortytwo.txt'), CONTEXT).nodes!);
  assert.deepEqual([...nodes.keys()], ['n061', 'n062']);
  assert.deepEqual(nodes.get('n061')!.states, ['busy']);
  assert.equal(nodes.get('n061')!.cores, 8);
  assert.equal(nodes.get('n061')!.coresUsed, 8, '0/ID, 1/ID, … 7/ID');
  assert.deepEqual(nodes.get('n061')!.properties, ['compute', 'enc4']);
  const [offline] = parsePbsnodesXml(fixture('torque/pbsnodes_x_uidaho_fortytwo_offline_unknown_sessions.txt'), CONTEXT).nodes!;
  assert.deepEqual(offline!.states, ['offline']);
  assert.equal(offline!.coresUsed, 0);
  assert.throws(() => parsePbsnodesXml('<Data><Node><name>n1</name>', CONTEXT), ParseError);
});
