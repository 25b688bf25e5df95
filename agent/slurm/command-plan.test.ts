import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commandPlan, DEFAULT_COMMAND_PATHS } from '../collector/command-plan.ts';
import type { ConfigError } from '../config/config-error.ts';
import { parseAgentConfig } from '../config/load-config.ts';

test('the Slurm plan: squeue, sinfo --Node, sinfo partitions, all text, times as epoch seconds', () => {
  const plan = commandPlan('slurm', DEFAULT_COMMAND_PATHS);
  assert.deepEqual(
    plan.map((step) => [step.role, step.attempts.map((attempt) => [attempt.argv[0], attempt.format])]),
    [
      ['jobs', [['squeue', 'squeue']]],
      ['nodes', [['sinfo', 'sinfo-nodes']]],
      ['queues', [['sinfo', 'sinfo-partitions']]],
    ],
  );
  for (const step of plan) for (const attempt of step.attempts) assert.equal(attempt.env?.SLURM_TIME_FORMAT, '%s');
  assert.ok(plan[0]!.attempts[0]!.argv.includes('--array'), 'array tasks one by one');
});

test('slurmJson: the JSON forms first, the text ones as fallback; configured paths are used', () => {
  const plan = commandPlan('slurm', { ...DEFAULT_COMMAND_PATHS, squeue: '/opt/slurm/bin/squeue', sinfo: '/opt/slurm/bin/sinfo', slurmJson: true });
  assert.deepEqual(
    plan.map((step) => step.attempts.map((attempt) => `${attempt.argv[0]} ${attempt.format}`)),
    [
      ['/opt/slurm/bin/squeue squeue-json', '/opt/slurm/bin/squeue squeue'],
      ['/opt/slurm/bin/sinfo sinfo-json', '/opt/slurm/bin/sinfo sinfo-nodes'],
      ['/opt/slurm/bin/sinfo sinfo-partitions'],
    ],
  );
});

test('the configuration file takes flavour slurm, the Slurm command paths and slurm.json', () => {
  const config = parseAgentConfig('cluster: hpc2\nflavour: slurm\ncommands:\n  squeue: /opt/slurm/bin/squeue\n  sinfo: /opt/slurm/bin/sinfo\nslurm:\n  json: true\n', '/etc/webstat/agent.yaml');
  assert.equal(config.flavour, 'slurm');
  assert.equal(config.commands.squeue, '/opt/slurm/bin/squeue');
  assert.equal(config.commands.sinfo, '/opt/slurm/bin/sinfo');
  assert.equal(config.commands.slurmJson, true);
  try {
    parseAgentConfig('cluster: hpc2\nflavour: slurm\nslurm:\n  jsn: true\n', '/etc/webstat/agent.yaml');
    assert.fail('a typo was accepted');
  } catch (error) {
    assert.equal((error as ConfigError).code, 'config-invalid');
    assert.deepEqual((error as ConfigError).problems.map((problem) => [problem.key, problem.line]), [['slurm.jsn', 4]]);
  }
});
