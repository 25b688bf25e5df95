// `webstat demo` when an agent does not start: the CLI as a real child process (from source through
// tsx), its agents real child processes. Which processes belong to one run is read from /proc: each
// run gets a marker in its environment, which the demo's agents inherit.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { demoEnvironmentOptions } from './demo.ts';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
const marks: string[] = [];
const running: ChildProcess[] = [];

/** Live processes whose environment holds this run's marker (zombies have none left to read). */
function markedProcesses(mark: string): number[] {
  const wanted = `WEBSTAT_TEST_MARK=${mark}`;
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        return readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(wanted);
      } catch {
        return false;
      }
    })
    .map(Number);
}

after(() => {
  // Only if a test failed half-way: what this file started, by pid.
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const mark of marks) {
    for (const pid of markedProcesses(mark)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
  }
});

describe('webstat demo when an agent does not start', { timeout: 240_000 }, () => {
  it('reports agent-start-failed, stops every agent it started, and exits 1', async () => {
    const mark = randomUUID();
    marks.push(mark);
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'demo', '--port', '0', '--clusters', '3', '--interval', '5', '--log-level', 'error'], {
      env: { ...process.env, PORT: '', WEBSTAT_TEST_MARK: mark, WEBSTAT_DEMO_HANG_AGENT: 'orca', WEBSTAT_DEMO_AGENT_START_TIMEOUT: '45' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

    // While it runs, count its agents: the scan must see them, or "none left" would prove nothing.
    let mostAgents = 0;
    const watching = setInterval(() => {
      mostAgents = Math.max(mostAgents, markedProcesses(mark).filter((pid) => pid !== child.pid).length);
    }, 200);
    const safety = setTimeout(() => child.kill('SIGKILL'), 180_000);
    const code = await exited;
    clearInterval(watching);
    clearTimeout(safety);

    assert.equal(code, 1, `exit code\n${stderr}`);
    assert.doesNotMatch(stdout, /webstat demo: http/, 'no URL printed for a demo that did not start');
    assert.match(stderr, /^webstat: agent-start-failed: simulated agent orca did not start within 45 s$/m);
    const report = stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { code?: string; stopping?: string[] })
      .find((line) => line.code === 'agent-start-failed');
    assert.ok(report, `the demo logged which agents it stops\n${stderr}`);
    assert.deepEqual(report.stopping, ['hydra', 'torrent'], 'the two agents that did start');
    assert.ok(mostAgents >= 3, `the scan saw the demo's three agents (${mostAgents})`);
    assert.deepEqual(markedProcesses(mark), [], 'no agent left running');
  });

  it('refuses a hang setting that names no cluster of the demo, before starting anything', () => {
    const mark = randomUUID();
    marks.push(mark);
    const result = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'demo', '--port', '0', '--clusters', '2'], {
      env: { ...process.env, PORT: '', WEBSTAT_TEST_MARK: mark, WEBSTAT_DEMO_HANG_AGENT: 'nosuch' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, /^webstat: bad-environment: /m);
    assert.deepEqual(markedProcesses(mark), []);
  });

  it('reads its two settings from the environment, and refuses a timeout that is not a positive number', () => {
    assert.deepEqual(demoEnvironmentOptions({}), {});
    assert.deepEqual(demoEnvironmentOptions({ WEBSTAT_DEMO_AGENT_START_TIMEOUT: '2.5', WEBSTAT_DEMO_HANG_AGENT: 'gale' }), { agentStartTimeoutMs: 2500, hangAgent: 'gale' });
    for (const bad of ['0', '-3', 'soon', 'Infinity']) {
      assert.throws(() => demoEnvironmentOptions({ WEBSTAT_DEMO_AGENT_START_TIMEOUT: bad }), { code: 'bad-environment' }, bad);
    }
  });
});
