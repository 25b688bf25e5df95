import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deriveSummary } from '../../protocol/summary.ts';
import { canonicalNodes } from '../../protocol/canonical-order.ts';
import { ParseError } from '../parse-result.ts';
import { parseSinfoNodesText } from './sinfo-nodes-text.ts';

const CONTEXT = { now: 0, timeZone: 'UTC' };
const table = (rows: string[][]) => rows.map((row) => `${row.join('\x1f')}\x1e\n`).join('');
const HEADER = ['NODELIST', 'PARTITION', 'STATE', 'STATECOMPLETE', 'CPUS(A/I/O/T)', 'MEMORY', 'GRES', 'GRES_USED', 'AVAIL_FEATURES', 'REASON'];

test('sinfo --Node: one node per name, partitions then features, GPUs, memory, reasons', () => {
  // vm: as slurm-wlm 22.05.8 printed it on the test machine (two partitions, two GPUs in use).
  const text = table([
    HEADER,
    ['vm', 'batch*', 'mixed', 'mixed', '1/1/0/2', '20000', 'gpu:tesla:2', 'gpu:tesla:2(IDX:0-1)', 'fast,ib', 'none'],
    ['vm', 'short', 'mixed', 'mixed', '1/1/0/2', '20000', 'gpu:tesla:2', 'gpu:tesla:2(IDX:0-1)', 'fast,ib', 'none'],
    ['n01', 'batch*', 'draining', 'allocated+drain', '48/0/0/48', '192000', '(null)', '(null)', '(null)', 'disk check by admin'],
    ['n02', 'batch*', 'idle~', 'idle+cloud+powered_down', '0/48/0/48', '192000', '(null)', '(null)', '(null)', 'none'],
    ['n03', 'batch*', 'down*', 'down+not_responding', '0/0/48/48', '192000', '(null)', '(null)', '(null)', 'Not responding'],
    ['n04', 'batch*', 'drained', 'idle+drain', '0/0/48/48', '192000', '(null)', '(null)', '(null)', 'bad DIMM [root@2026-11-28T02:59:09]'],
    ['g01', 'gpu', 'allocated', 'allocated', '64/0/0/64', '512000', 'gpu:a100:4(S:0-1),tmpsize:7T', 'gpu:a100:3(IDX:0,2-3),tmpsize:0', 'a100,hbm', 'none'],
  ]);
  const out = parseSinfoNodesText(text, CONTEXT);
  assert.deepEqual(out.warnings, []);
  const nodes = new Map(out.nodes!.map((node) => [node.name, node]));
  assert.equal(nodes.size, 6);

  const vm = nodes.get('vm')!;
  assert.deepEqual(vm.states, ['partly-used']);
  assert.equal(vm.cores, 2);
  assert.equal(vm.coresUsed, 1);
  assert.equal(vm.gpus, 2);
  assert.equal(vm.gpusUsed, 2);
  assert.equal(vm.memoryBytes, 20000 * 2 ** 20);
  assert.deepEqual(vm.properties, ['batch', 'short', 'fast', 'ib']);
  assert.equal(vm.comment, null);

  assert.deepEqual(nodes.get('n01')!.states, ['busy', 'offline'], 'draining, all CPUs still allocated');
  assert.equal(nodes.get('n01')!.comment, 'disk check by admin');
  assert.deepEqual(nodes.get('n02')!.states, ['free'], 'powered down to save power, woken on demand');
  assert.deepEqual(nodes.get('n03')!.states, ['down', 'unknown']);
  assert.deepEqual(nodes.get('n04')!.states, ['offline']);
  const g01 = nodes.get('g01')!;
  assert.deepEqual(g01.states, ['busy']);
  assert.equal(g01.gpus, 4);
  assert.equal(g01.gpusUsed, 3, 'IDX:0,2-3 holds a comma inside the parentheses');

  const summary = deriveSummary([], canonicalNodes(out.nodes!));
  assert.equal(summary.coresTotal, 2 + 48 * 4 + 64);
  assert.equal(summary.coresUnavailable, 48 * 3, 'draining, down and drained nodes');
  assert.equal(summary.gpusTotal, 6);
  assert.equal(summary.nodes.offline, 2);
  assert.equal(summary.nodes.down, 1);
});

test('older sinfo without StateComplete: the suffixes and long words alone', () => {
  const text = 'NODELIST|PARTITION|STATE|CPUS(A/I/O/T)|MEMORY|\nc1|all*|mixed#|3/1/0/4|8000|\nc2|all*|reserved|0/4/0/4|8000|\nc3|all*|completing|4/0/0/4|8000|\nc4|all*|maint$|0/4/0/4|8000|\nc5|all*|weird|0/4/0/4|8000|\n';
  const out = parseSinfoNodesText(text, CONTEXT);
  const states = Object.fromEntries(out.nodes!.map((node) => [node.name, node.states]));
  assert.deepEqual(states.c1, ['partly-used']);
  assert.deepEqual(states.c2, ['reserved']);
  assert.deepEqual(states.c3, ['busy']);
  assert.deepEqual(states.c4, ['reserved']);
  assert.deepEqual(states.c5, ['unknown']);
  assert.match(out.warnings.join('\n'), /unknown node state word\(s\): weird/);
});

test('sinfo output without node names or CPU counts is a ParseError', () => {
  const summary = 'PARTITION AVAIL  TIMELIMIT  NODES  STATE NODELIST\nbatch*       up 1-00:00:00      1   idle vm\n';
  assert.throws(() => parseSinfoNodesText(summary, CONTEXT), (error) => error instanceof ParseError && error.line === 1);
  assert.throws(() => parseSinfoNodesText('sinfo: error: Unable to contact slurm controller (connect failure)\n', CONTEXT), (error) => error instanceof ParseError);
});
