import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { ConfigError } from './config-error.ts';
import { loadAgentConfig, parseAgentConfig } from './load-config.ts';

const dir = mkdtempSync(join(tmpdir(), 'webstat-agent-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function problemsOf(text: string): ConfigError {
  try {
    parseAgentConfig(text, '/etc/webstat/agent.yaml');
  } catch (error) {
    return error as ConfigError;
  }
  assert.fail('the configuration was accepted');
}

test('a complete file, with paths relative to the file', async () => {
  const file = join(dir, 'agent.yaml');
  writeFileSync(
    file,
    [
      'cluster: hpc1',
      'flavour: torque',
      'interval: 120',
      'commandTimeout: 90',
      'bind: tcp://127.0.0.1:7790',
      'timeZone: Europe/Berlin',
      'commands:',
      '  qstat: /opt/torque/bin/qstat',
      'moab:',
      '  showq: /opt/moab/bin/showq',
      'curve:',
      '  publicKeyFile: keys/agent.pub',
      '  secretKeyFile: keys/agent.key',
      'logLevel: debug',
      '',
    ].join('\n'),
  );
  assert.deepEqual(await loadAgentConfig(file), {
    file,
    cluster: 'hpc1',
    flavour: 'torque',
    intervalSeconds: 120,
    commandTimeoutSeconds: 90,
    bind: 'tcp://127.0.0.1:7790',
    timeZone: 'Europe/Berlin',
    commands: { qstat: '/opt/torque/bin/qstat', pbsnodes: 'pbsnodes', showq: '/opt/moab/bin/showq' },
    curve: { publicKeyFile: join(dir, 'keys/agent.pub'), secretKeyFile: join(dir, 'keys/agent.key') },
    logLevel: 'debug',
  });
});

test('defaults: auto flavour, 60 s, loopback, qstat and pbsnodes on PATH', () => {
  const config = parseAgentConfig('cluster: hpc1\n', 'agent.yaml');
  assert.equal(config.flavour, 'auto');
  assert.equal(config.intervalSeconds, 60);
  assert.equal(config.commandTimeoutSeconds, 60);
  assert.equal(config.bind, 'tcp://127.0.0.1:7781');
  assert.deepEqual(config.commands, { qstat: 'qstat', pbsnodes: 'pbsnodes', showq: null });
  assert.equal(config.curve, null);
});

test('a typo names the key and its line', () => {
  const error = problemsOf('cluster: hpc1\nflavour: pbspro\n\nintervall: 30\ncommands:\n  qstta: /opt/pbs/bin/qstat\n');
  assert.equal(error.code, 'config-invalid');
  assert.deepEqual(
    error.problems.map((problem) => [problem.key, problem.line]),
    [
      ['intervall', 4],
      ['commands.qstta', 6],
    ],
  );
});

test('an interval below the budget\'s 15 s is refused at its line', () => {
  const error = problemsOf('cluster: hpc1\ninterval: 5\n');
  assert.equal(error.code, 'config-invalid');
  assert.deepEqual(error.problems.map((problem) => [problem.key, problem.line]), [['interval', 2]]);
});

test('wrong values: flavour, time zone, a public bind without CURVE keys, a missing cluster', () => {
  assert.deepEqual(
    problemsOf('cluster: hpc1\nflavour: lsf\n').problems.map((p) => [p.key, p.line]),
    [['flavour', 2]],
  );
  assert.deepEqual(
    problemsOf('cluster: hpc1\ntimeZone: Mars/Olympus\n').problems.map((p) => [p.key, p.line]),
    [['timeZone', 2]],
  );
  assert.deepEqual(
    problemsOf('cluster: hpc1\nbind: tcp://0.0.0.0:7781\n').problems.map((p) => [p.key, p.line]),
    [['bind', 2]],
  );
  assert.deepEqual(
    problemsOf('flavour: pbspro\n').problems.map((p) => p.key),
    ['cluster'],
  );
});

test('YAML that does not parse: config-syntax with the line', () => {
  const error = problemsOf('cluster: hpc1\ncommands: [qstat\n');
  assert.equal(error.code, 'config-syntax');
  assert.ok(error.problems[0]!.line !== null && error.problems[0]!.line >= 2);
  assert.equal(problemsOf('cluster: a\ncluster: b\n').problems[0]!.line, 2, 'a key given twice');
});

test('a file that cannot be read: config-unreadable', async () => {
  await assert.rejects(loadAgentConfig(join(dir, 'missing.yaml')), { code: 'config-unreadable' });
});
