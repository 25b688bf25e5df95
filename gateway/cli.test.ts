// The `webstat` command as a user runs it: a real child process, real exit codes, real signals.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { until } from './testing/until.ts';
import { connect } from './testing/ws-test-client.ts';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'webstat-cli-'));
const running: ChildProcess[] = [];

after(() => {
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
}

function start(args: string[]): { child: ChildProcess; lines: AsyncIterableIterator<string>; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, lines: createInterface({ input: child.stdout! })[Symbol.asyncIterator](), exited };
}

/** Children of a process, from /proc. */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('webstat CLI', () => {
  it('prints help and the version, and exits 0', () => {
    const help = run(['--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /usage: webstat COMMAND/);
    const gatewayHelp = run(['gateway', '--help']);
    assert.equal(gatewayHelp.status, 0);
    assert.match(gatewayHelp.stdout, /--config FILE/);
    assert.match(run(['--version']).stdout, /^webstat-gateway\//);
  });

  it('exits 2 with one usage line on bad arguments', () => {
    for (const args of [[], ['nonsense'], ['gateway'], ['gateway', '--frobnicate'], ['demo', '--clusters', '0']]) {
      const result = run(args);
      assert.equal(result.status, 2, args.join(' '));
      assert.match(result.stderr, /usage/, args.join(' '));
      assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
    }
  });

  it('exits 1 naming the file, the line and the key of a configuration mistake', () => {
    const file = join(dir, 'typo.yaml');
    writeFileSync(file, 'listen:\n  port: 0\npollIntervall: 30\nclusters: []\n');
    const result = run(['gateway', '--config', file]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^webstat: config-invalid: /);
    assert.match(result.stderr, new RegExp(`${file.replaceAll('.', '\\.')}:3: .*pollIntervall`));
  });

  it('runs a gateway from a file until SIGTERM, then exits 0', async () => {
    const file = join(dir, 'gateway.yaml');
    writeFileSync(
      file,
      ['listen:', '  host: 127.0.0.1', '  port: 0', `database: ${join(dir, 'gw.sqlite')}`, 'anonymous:', '  level: summary', 'clusters:', '  - name: alpha', '    agent:', '      url: tcp://127.0.0.1:9', ''].join('\n'),
    );
    const { child, lines, exited } = start(['gateway', '--config', file]);
    let port = 0;
    for await (const line of lines) {
      const entry = JSON.parse(line) as { msg: string; port?: number };
      if (entry.msg === 'gateway listening') {
        port = entry.port!;
        break;
      }
    }
    const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { clusters: Array<{ name: string; status: string }> };
    // Nothing answers on port 9: before the first answer the cluster says so, never "ok".
    assert.deepEqual(health.clusters.map((c) => [c.name, c.status]), [['alpha', 'unreachable']]);
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  });

  it('runs the demo: simulated clusters, the URL printed, a browser-like client served, all stopped on SIGTERM', async () => {
    const { child, lines, exited } = start(['demo', '--port', '0', '--clusters', '2', '--interval', '1']);
    const first = (await lines.next()).value as string;
    const url = /^webstat demo: (http:\/\/\S+)$/.exec(first)?.[1];
    assert.ok(url, first);
    assert.equal(childrenOf(child.pid!).length, 2, 'two agent processes');
    const ws = await connect(`${url.replace('http', 'ws')}ws`, { origin: url.slice(0, -1) });
    ws.hello(null, [{ cluster: 'hydra', level: 'jobs' }]);
    await ws.messages(2, 30_000);
    assert.deepEqual(ws.client.welcome!.clusters.map((c) => [c.name, c.level]), [['hydra', 'users'], ['torrent', 'users']]);
    const hydra = await until('a snapshot of hydra', () => ws.client.snapshots.get('hydra'), 30_000);
    assert.ok(hydra.summary.users.length > 10, 'real user rows at the users level');
    assert.equal(hydra.jobs.length, 0, 'no job table without a token');
    child.kill('SIGTERM');
    assert.equal(await ws.closed, 1001);
    assert.equal(await exited, 0);
    assert.deepEqual(childrenOf(child.pid!), [], 'no agent left behind');
  });
});
