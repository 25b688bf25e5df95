import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gpusInGres, readTres } from './tres.ts';

test('TRES strings: GPUs from the total, else the typed entries; memory with units', () => {
  assert.deepEqual(readTres('cpu=2,mem=4G,node=1,billing=2,gres/gpu=1,gres/gpu:l40s=1,gres/tmpsize=10737418240'), {
    cpus: 2,
    nodes: 1,
    memoryBytes: 4 * 2 ** 30,
    gpus: 1,
  });
  assert.equal(readTres('cpu=8,gres/gpu:a100=2,gres/gpu:v100=1').gpus, 3);
  assert.equal(readTres('cpu=1,mem=62.50G,node=1,billing=1').gpus, null, 'GPUs not tracked');
  assert.equal(readTres('cpu=1,mem=62.50G,node=1').memoryBytes, 62.5 * 2 ** 30);
  assert.equal(readTres('cpu=4,mem=7600M,node=1').memoryBytes, 7600 * 2 ** 20);
  assert.equal(readTres('cpu=4,mem=2T').memoryBytes, 2 * 2 ** 40);
  assert.equal(readTres('cpu=4,mem=512').memoryBytes, 512 * 2 ** 20, 'no unit: megabytes');
  assert.deepEqual(readTres('N/A'), { cpus: null, nodes: null, memoryBytes: null, gpus: null });
  assert.deepEqual(readTres('(null)'), { cpus: null, nodes: null, memoryBytes: null, gpus: null });
});

test('GRES specs of every Slurm version', () => {
  const cases: Array<[string, number | null]> = [
    ['gres:gpu:2', 2],
    ['gres:gpu:tesla:1', 1],
    ['gres/gpu:a100=4', 4],
    ['gres/gpu=2', 2],
    ['gpu:tesla:2(S:0-1)', 2],
    ['gpu:a100:2(IDX:0,3)', 2],
    ['gpu:tesla:0(IDX:N/A)', 0],
    ['gpu', 1],
    ['gpu:a100', 1],
    ['tmpsize:7T,gpu:l40s:4(S:0-1)', 4],
    ['gpu:a100:4(S:0-1),gpu:v100:2(S:1)', 6],
    ['gres:gpu:a100:2,gres:nic:1', 2],
    ['mps:100', null],
    ['(null)', null],
    ['N/A', null],
    ['', null],
  ];
  for (const [spec, gpus] of cases) assert.equal(gpusInGres(spec), gpus, spec);
});
