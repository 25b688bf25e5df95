import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseExecHost, parseExecVnode } from './exec-host.ts';
import { parseNodesSpec, parseSelect } from './resource-request.ts';

test('exec_host: per-core entries, ranges, comma lists, *n, slot indexes, lost "+"', () => {
  assert.deepEqual(parseExecHost('node08/7+node08/6+node08/5+node08/4+node08/3+node08/2+node08/1+node08/0'), { cores: 8, hosts: 1, gpus: 0 });
  assert.deepEqual(parseExecHost('r2i4n13/0-23+r1i2n12/0-23'), { cores: 48, hosts: 2, gpus: 0 });
  assert.equal(parseExecHost('n1/0-3,8-11')!.cores, 8);
  assert.deepEqual(parseExecHost('b141/0*16+b142/0*16'), { cores: 32, hosts: 2, gpus: 0 });
  assert.equal(parseExecHost('mycluster-cpu-0686/24')!.cores, 1);
  assert.deepEqual(parseExecHost('r2i2n5/0-23r2i1n3/0-23'), { cores: 48, hosts: 2, gpus: 0 });
  assert.equal(parseExecHost('charon24.nti.tul.cz:15002/0*2+charon25.nti.tul.cz:15002/0*2')!.cores, 4);
  assert.equal(parseExecHost('n1/5-2'), null);
  assert.equal(parseExecHost(''), null);
});

test('exec_vnode: sums of ncpus and ngpus, chunks spanning vnodes', () => {
  assert.deepEqual(parseExecVnode('(b141:ncpus=16)+(b142:ncpus=16)'), { cores: 32, hosts: 2, gpus: 0 });
  assert.deepEqual(parseExecVnode('(a:ncpus=2+b:ncpus=2)'), { cores: 4, hosts: 2, gpus: 0 });
  assert.deepEqual(parseExecVnode('(host:ncpus=1:mem=512000kb:jobfs=102400kb)'), { cores: 1, hosts: 1, gpus: 0 });
  assert.deepEqual(parseExecVnode('(g1[0]:ncpus=8:ngpus=2)+(g1[1]:ncpus=8:ngpus=2)'), { cores: 16, hosts: 2, gpus: 4 });
  assert.equal(parseExecVnode('(host:mem=1gb)'), null);
});

test('select: chunks × ncpus (default 1), ngpus, mem', () => {
  assert.deepEqual(parseSelect('15:ncpus=16'), { cores: 240, gpus: 0, nodes: 15, memoryBytes: null });
  assert.equal(parseSelect('2:ncpus=16:mpiprocs=16')!.cores, 32);
  assert.deepEqual(parseSelect('1:ncpus=8:ngpus=1:mem=32gb+2:ncpus=4:mem=8gb'), { cores: 16, gpus: 1, nodes: 3, memoryBytes: 48 * 2 ** 30 });
  assert.equal(parseSelect('4:mem=2gb')!.cores, 4);
  assert.equal(parseSelect('1:ncpus=1:mpiprocs=1:mem=524288000:job_tags=normal:jobfs=104857600')!.memoryBytes, 524288000);
  assert.equal(parseSelect('1:ncpus=x'), null);
});

test('Torque nodes spec: N:ppn=P, host specs, N alone, properties that are not counts', () => {
  assert.equal(parseNodesSpec('4:ppn=24')!.cores, 96);
  assert.equal(parseNodesSpec('2')!.cores, 2);
  assert.equal(parseNodesSpec('1:cores16')!.cores, 1);
  assert.equal(parseNodesSpec('8:ppn=12:cores12:infiniband')!.cores, 96);
  assert.equal(parseNodesSpec('node08.cluster.fing:ppn=8')!.cores, 8);
  assert.deepEqual(parseNodesSpec('2:ppn=4:gpus=2+1:ppn=2'), { cores: 10, gpus: 4, nodes: 3, memoryBytes: null });
  assert.equal(parseNodesSpec('2:ppn=4#excl')!.cores, 8);
  assert.equal(parseNodesSpec(''), null);
});
