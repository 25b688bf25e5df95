import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { ConfigError } from './config-error.ts';
import { loadConfig } from './load-config.ts';

let dir: string;
let file: string;
const env = { SSH_AUTH_SOCK: '/run/user/1000/ssh-agent.sock' };

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'webstat-config-'));
  file = join(dir, 'gateway.yaml');
  writeFileSync(join(dir, 'known_hosts'), '');
  writeFileSync(join(dir, 'id_ed25519'), 'not read at load time\n');
  writeFileSync(join(dir, 'wall.token'), 'a-token-from-a-file-0123456789\n');
  mkdirSync(join(dir, 'site'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function load(text: string, environment: NodeJS.ProcessEnv = env) {
  writeFileSync(file, text);
  return loadConfig(file, { env: environment });
}

/** The problems of a configuration that must be refused, as `line path` strings. */
function refusal(text: string, environment: NodeJS.ProcessEnv = env): string[] {
  try {
    load(text, environment);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    assert.equal(error.code, 'config-invalid');
    assert.equal(error.file, file);
    // The message names the file and the line of each problem, the way compilers do.
    for (const problem of error.problems) {
      assert.ok(error.message.includes(problem.line === null ? file : `${file}:${problem.line}: ${problem.path}`), 'error.message.includes(problem.line === null ? file : `${file}:${problem.line}: ${problem.path}`)');
    }
    return error.problems.map((problem) => `${problem.line} ${problem.path}`);
  }
  assert.fail('the configuration was accepted');
}

const MINIMAL = `database: history.sqlite
clusters:
  - name: hpc1
    agent:
      url: tcp://127.0.0.1:5555
`;

describe('loadConfig', () => {
  test('fills in every default and resolves relative paths against the file', () => {
    const config = load(MINIMAL);
    assert.equal(config.file, file);
    assert.deepEqual(config.listen, { host: '127.0.0.1', port: 8080 });
    assert.equal(config.pollInterval, 60);
    assert.deepEqual(config.allowedOrigins, []);
    assert.deepEqual(config.tokens, []);
    assert.equal(config.anonymous, null);
    assert.equal(config.trustedProxy, null);
    assert.equal(config.database, join(dir, 'history.sqlite'));
    assert.deepEqual(config.retention, { rawHours: 48, fiveMinuteDays: 30, hourlyDays: 730 });
    assert.equal(config.site, null);
    assert.deepEqual(config.clusters, [
      { name: 'hpc1', label: 'hpc1', pollInterval: 60, agent: { kind: 'direct', url: 'tcp://127.0.0.1:5555' } },
    ]);
  });

  test('reads a complete file: ssh agents, tokens, anonymous scope, trusted proxy, retention, site', () => {
    const config = load(`listen: { host: 0.0.0.0, port: 9000 }
pollInterval: 30
allowedOrigins: [https://wiki.example.org]
database: /var/lib/webstat/history.sqlite
retention: { rawHours: 24, fiveMinuteDays: 14, hourlyDays: 365 }
site: site
anonymous: { level: summary, top: 5 }
tokens:
  - { name: admins, token: 0123456789abcdef0123, level: jobs }
  - { name: wall, tokenFile: wall.token, level: summary, clusters: [hpc1], pseudonyms: false }
trustedProxy:
  groupsHeader: X-Forwarded-Groups
  addresses: [127.0.0.1]
  groups:
    hpc-staff: { level: jobs }
  defaultScope: { level: users }
clusters:
  - name: hpc1
    label: HPC One
    pollInterval: 120
    agent:
      ssh: { host: login1.example.org, user: webstat, identityFile: id_ed25519, knownHosts: known_hosts }
      port: 5555
  - name: hpc2
    agent:
      ssh: { host: login2.example.org, port: 2222, user: webstat, knownHosts: ${join(dir, 'known_hosts')}, keepaliveSeconds: 5 }
      port: 5556
`);
    assert.deepEqual(config.listen, { host: '0.0.0.0', port: 9000 });
    assert.deepEqual(config.allowedOrigins, ['https://wiki.example.org']);
    assert.equal(config.database, '/var/lib/webstat/history.sqlite');
    assert.deepEqual(config.retention, { rawHours: 24, fiveMinuteDays: 14, hourlyDays: 365 });
    assert.equal(config.site, join(dir, 'site'));
    assert.deepEqual(config.anonymous, { clusters: '*', level: 'summary', pseudonyms: true, top: 5 });
    assert.deepEqual(config.tokens, [
      { name: 'admins', token: '0123456789abcdef0123', clusters: '*', level: 'jobs', pseudonyms: true, top: 10 },
      { name: 'wall', token: 'a-token-from-a-file-0123456789', clusters: ['hpc1'], level: 'summary', pseudonyms: false, top: 10 },
    ]);
    assert.deepEqual(config.trustedProxy, {
      userHeader: 'x-forwarded-user',
      groupsHeader: 'x-forwarded-groups',
      addresses: ['127.0.0.1'],
      groups: { 'hpc-staff': { clusters: '*', level: 'jobs', pseudonyms: true, top: 10 } },
      defaultScope: { clusters: '*', level: 'users', pseudonyms: true, top: 10 },
    });
    assert.deepEqual(config.clusters[0], {
      name: 'hpc1',
      label: 'HPC One',
      pollInterval: 120,
      agent: {
        kind: 'ssh',
        host: 'login1.example.org',
        port: 22,
        user: 'webstat',
        identityFile: join(dir, 'id_ed25519'),
        knownHosts: join(dir, 'known_hosts'),
        remotePort: 5555,
        keepaliveSeconds: 15,
      },
    });
    assert.equal(config.clusters[1]!.pollInterval, 30);
    assert.deepEqual(config.clusters[1]!.agent, {
      kind: 'ssh',
      host: 'login2.example.org',
      port: 2222,
      user: 'webstat',
      identityFile: null,
      knownHosts: join(dir, 'known_hosts'),
      remotePort: 5556,
      keepaliveSeconds: 5,
    });
  });

  test('a typo in a key is refused, naming the key and its line, with a suggestion', () => {
    assert.deepEqual(refusal(`database: history.sqlite\npollIntervall: 30\n${MINIMAL.split('\n').slice(1).join('\n')}`), [
      '2 pollIntervall',
    ]);
    try {
      load(`${MINIMAL}    labl: HPC One\n`);
      assert.fail('accepted');
    } catch (error) {
      assert.ok(error instanceof ConfigError, 'error instanceof ConfigError');
      assert.deepEqual(
        error.problems.map((p) => [p.line, p.path]),
        [[6, 'clusters[0].labl']],
      );
      assert.match(error.problems[0]!.message, /'label'/);
    }
  });

  test('a wrong type names the key path and the line of the value', () => {
    const text = `database: history.sqlite
clusters:
  - name: hpc1
    agent: { url: tcp://127.0.0.1:5555 }
  - name: hpc2
    agent:
      ssh:
        host: login2
        user: webstat
        knownHosts: known_hosts
      port: fifty
`;
    assert.deepEqual(refusal(text), ['11 clusters[1].agent.port']);
  });

  test('a missing cluster field is named, at the line of the cluster', () => {
    assert.deepEqual(
      refusal(`database: history.sqlite
clusters:
  - name: hpc1
    agent: { url: tcp://127.0.0.1:5555 }
  - label: no name here
    agent: { url: tcp://127.0.0.1:5556 }
  - name: hpc3
`),
      ['5 clusters[1].name', '7 clusters[2].agent'],
    );
    assert.deepEqual(refusal('clusters: []\n'), ['1 database', '1 clusters']);
  });

  test('every problem is reported at once, in file order', () => {
    assert.deepEqual(
      refusal(`listen: { port: 99999 }
database: history.sqlite
anonymous: { level: everything }
tokens:
  - { name: short, token: abc, level: jobs }
clusters:
  - name: hpc1
    agent: { url: tcp://127.0.0.1:5555 }
`),
      ['1 listen.port', '3 anonymous.level', '5 tokens[0].token'],
    );
  });

  test('YAML syntax errors and keys given twice are refused with their line', () => {
    assert.deepEqual(refusal(`database: a.sqlite\nclusters:\n  - name: hpc1\n   agent: {url: x}\n`), ['4 ']);
    const lines = refusal(`database: a.sqlite\ndatabase: b.sqlite\nclusters: []\n`);
    assert.deepEqual(lines, ['2 ']);
  });

  test('an agent is reached either directly or over ssh with a port, never both or neither', () => {
    assert.deepEqual(
      refusal(`database: h.sqlite
clusters:
  - name: both
    agent:
      url: tcp://127.0.0.1:5555
      port: 5555
  - name: neither
    agent: {}
  - name: no-port
    agent:
      ssh: { host: login, user: webstat, knownHosts: known_hosts }
`),
      ['5 clusters[0].agent', '8 clusters[1].agent.ssh', '8 clusters[1].agent.port', '11 clusters[2].agent.port'],
    );
  });

  test('a direct agent must be on loopback: the agent speaks without encryption', () => {
    assert.deepEqual(refusal(MINIMAL.replace('tcp://127.0.0.1:5555', 'tcp://10.0.0.5:5555')), ['5 clusters[0].agent.url']);
  });

  test('files that must exist are checked before anything starts', () => {
    assert.deepEqual(
      refusal(`database: h.sqlite
site: no-such-site
tokens:
  - { name: wall, tokenFile: no-such.token, level: summary }
clusters:
  - name: hpc1
    agent:
      ssh: { host: login, user: webstat, knownHosts: no_such_known_hosts, identityFile: no_such_key }
      port: 5555
`),
      ['2 site', '4 tokens[0].tokenFile', '8 clusters[0].agent.ssh.identityFile', '8 clusters[0].agent.ssh.knownHosts'],
    );
  });

  test('without an identity file, an ssh-agent must be available', () => {
    const text = `database: h.sqlite
clusters:
  - name: hpc1
    agent:
      ssh: { host: login, user: webstat, knownHosts: known_hosts }
      port: 5555
`;
    assert.deepEqual(refusal(text, {}), ['5 clusters[0].agent.ssh']);
    assert.equal(load(text, env).clusters[0]!.agent.kind, 'ssh');
  });

  test('scopes may only name clusters that exist; names and tokens are unique', () => {
    assert.deepEqual(
      refusal(`database: h.sqlite
anonymous: { level: summary, clusters: [hpc1, hpc9] }
tokens:
  - { name: a, token: 0123456789abcdef, level: jobs }
  - { name: a, token: 0123456789abcdef, level: users }
clusters:
  - name: hpc1
    agent: { url: tcp://127.0.0.1:5555 }
  - name: hpc1
    agent: { url: tcp://127.0.0.1:5556 }
`),
      ['2 anonymous.clusters[1]', '5 tokens[1].name', '5 tokens[1]', '9 clusters[1].name'],
    );
  });

  test('a token never appears in a problem message', () => {
    const secret = 'secret-token-0123456789';
    try {
      load(`database: h.sqlite
tokens:
  - { name: a, token: ${secret}, level: jobs }
  - { name: b, token: ${secret}, level: jobs }
clusters:
  - name: hpc1
    agent: { url: tcp://127.0.0.1:5555 }
`);
      assert.fail('accepted');
    } catch (error) {
      assert.ok(error instanceof ConfigError, 'error instanceof ConfigError');
      assert.ok(!error.message.includes(secret), '!error.message.includes(secret)');
    }
  });

  test('PORT in the environment overrides the listen port; a bad PORT is refused', () => {
    assert.equal(load(MINIMAL, { PORT: '9123' }).listen.port, 9123);
    assert.equal(load(MINIMAL, { PORT: '' }).listen.port, 8080);
    assert.deepEqual(refusal(MINIMAL, { PORT: 'eighty' }), ['null PORT']);
  });

  test('the annotated example in gateway/README.md loads as documented', () => {
    const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
    const example = /```yaml\n(# \/etc\/webstat\/gateway\.yaml\n[\s\S]*?)```/.exec(readme)?.[1];
    assert.ok(example, 'the README has the example');
    mkdirSync(join(dir, 'keys'), { recursive: true });
    mkdirSync(join(dir, 'secrets'), { recursive: true });
    writeFileSync(join(dir, 'keys', 'webstat-gateway'), 'key\n');
    writeFileSync(join(dir, 'secrets', 'wall-display.token'), 'wall-display-token-0123456789\n');
    // The one absolute path that must exist: point it at a directory this test has.
    const config = load(example.replace('/opt/webstat/dist/site', join(dir, 'site')), {});
    assert.deepEqual(config.listen, { host: '127.0.0.1', port: 8080 });
    assert.equal(config.database, '/var/lib/webstat/history.sqlite');
    assert.deepEqual(config.clusters.map((c) => [c.name, c.agent.kind]), [['hpc1', 'ssh'], ['hpc2', 'ssh'], ['local', 'direct']]);
    assert.equal(config.tokens[0]!.token, 'wall-display-token-0123456789');
    assert.deepEqual(config.trustedProxy!.groups.physics!.clusters, ['hpc1']);
  });

  test('a missing file is a config-invalid error too', () => {
    assert.throws(() => loadConfig(join(dir, 'absent.yaml')), (error: unknown) => {
      assert.ok(error instanceof ConfigError, 'error instanceof ConfigError');
      assert.equal(error.code, 'config-invalid');
      return true;
    });
  });
});
