import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import { detectFormat } from '../detect-format.ts';
import { FORMATS, isFormatName, parseOutput } from '../formats.ts';
import { fixture } from '../pbs/fixture-files.ts';
import { SLURM_FORMAT_NAMES } from './slurm-formats.ts';
import { slurmVersionIn } from './slurm-version.ts';

const CONTEXT = { now: 1_750_000_000, timeZone: 'UTC' };
const table = (rows: string[][]) => rows.map((row) => `${row.join('\x1f')}\x1e\n`).join('');

const SQUEUE = table([
  ['JOBID', 'NAME', 'USER', 'GROUP', 'ACCOUNT', 'PARTITION', 'STATE', 'REASON', 'CPUS', 'NODES'],
  ['1', 'run-a', 'webstat-a', 'webstat-a', '(null)', 'batch', 'RUNNING', 'None', '1', '1'],
]);
const SINFO_NODES = table([
  ['NODELIST', 'PARTITION', 'STATE', 'STATECOMPLETE', 'CPUS(A/I/O/T)', 'MEMORY'],
  ['vm', 'batch*', 'mixed', 'mixed', '1/1/0/2', '20000'],
]);
const SINFO_PARTITIONS = table([
  ['PARTITION', 'AVAIL', 'TIMELIMIT'],
  ['batch*', 'up', '1-00:00:00'],
]);
const SINFO_JSON = '{\n  "meta": {\n    "Slurm": { "release": "22.05.8" }\n  },\n  "errors": [],\n  "nodes": [ { "name": "vm", "state": "idle", "cpus": 2, "alloc_cpus": 0 } ]\n}\n';
const SCONTROL_PARTITION = 'PartitionName=batch Default=YES MaxTime=1-00:00:00 PriorityTier=1 State=UP TotalCPUs=2\n';

const SAMPLES: Array<[string, string, string]> = [
  ['squeue --Format', 'squeue', SQUEUE],
  ['sinfo --Node --Format', 'sinfo-nodes', SINFO_NODES],
  ['sinfo --Format (partitions)', 'sinfo-partitions', SINFO_PARTITIONS],
  ['sinfo --json', 'sinfo-json', SINFO_JSON],
  ['scontrol show partition', 'scontrol-show-partition', SCONTROL_PARTITION],
  ['slurm/squeue_json_rivos…', 'squeue-json', fixture('slurm/squeue_json_rivos_mixed_21.08_and_newer.txt')],
  ['slurm/scontrol_show_job_cern…', 'scontrol-show-job', fixture('slurm/scontrol_show_job_cern_alibi.txt')],
  ['slurm/scontrol_show_job_cineca…', 'scontrol-show-job', fixture('slurm/scontrol_show_job_cineca_m100_hyperqueue.txt')],
  ['slurm/scontrol_show_job_tudelft…', 'scontrol-show-job', fixture('slurm/scontrol_show_job_tudelft_space_in_group_TRUNCATED.txt')],
];

test('every Slurm format is registered and recognised by --format auto', () => {
  for (const name of SLURM_FORMAT_NAMES) {
    assert.ok(isFormatName(name), name);
    assert.equal(FORMATS[name].name, name);
  }
  for (const [label, format, text] of SAMPLES) {
    assert.equal(detectFormat(text), format, label);
    assert.equal(parseOutput(text, 'auto', CONTEXT).format, format, label);
    assert.equal(parseOutput(text, 'auto', CONTEXT).scheduler.kind, 'slurm', label);
  }
});

test('PBS JSON with a "nodes" list is still pbsnodes', () => {
  assert.equal(detectFormat(fixture('pbspro/pbsnodes_a_json_alcf_polaris_2022_excerpt.txt')), 'pbsnodes-json');
});

test('Slurm versions as sinfo --version prints them', () => {
  assert.equal(slurmVersionIn('slurm 22.05.8\n'), '22.05.8');
  assert.equal(slurmVersionIn('slurm-wlm 22.05.8\n'), '22.05.8');
  assert.equal(slurmVersionIn('slurm 23.11.4-1.el8\n'), '23.11.4-1.el8');
  assert.equal(slurmVersionIn('pbs_version = 19.1.3\n'), null);
  assert.equal(slurmVersionIn(''), null);
});

const run = promisify(execFile);
const directory = mkdtempSync(join(tmpdir(), 'webstat-slurm-cli-'));
after(() => rmSync(directory, { recursive: true, force: true }));

test('webstat-agent parse --format squeue FILE prints the jobs and the per-user summary', async () => {
  const file = join(directory, 'squeue.txt');
  writeFileSync(file, SQUEUE);
  const cli = new URL('../cli.ts', import.meta.url).pathname;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', cli, 'parse', '--format', 'squeue', '--compact', file]);
  const parsed = JSON.parse(stdout);
  assert.equal(parsed.scheduler.kind, 'slurm');
  assert.equal(parsed.jobs[0].id, '1');
  assert.equal(parsed.jobs[0].state, 'running');
  assert.deepEqual(
    parsed.summary.users.map((row: { name: string; coresRunning: number }) => [row.name, row.coresRunning]),
    [['webstat-a', 1]],
  );
  await assert.rejects(run(process.execPath, ['--import', 'tsx', cli, 'parse', '--format', 'sinfo-nodes', file]), (error: { code: number; stderr: string }) => {
    assert.equal(error.code, 1);
    assert.match(error.stderr, /webstat-agent: parse-error: /);
    return true;
  });
});
