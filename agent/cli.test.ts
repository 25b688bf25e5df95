/**
 * `webstat-agent` as a user runs it: real processes for parse, collect, serve and simulate; the
 * argument handling (help, usage errors) in-process through the same `main`.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { PassThrough } from 'node:stream';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Request } from 'zeromq';
import { decodeMessage, encodeMessage } from '../protocol/frame.ts';
import { JOB_STATES } from '../protocol/model.ts';
import { main } from './commands/main.ts';
import { FakeSchedulerSession, FIXTURES } from './testing/fake-scheduler-session.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));

const session = new FakeSchedulerSession();
const children: ChildProcess[] = [];
after(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  session.close();
});

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function startCli(args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  return child;
}

function runCli(args: string[], options: { stdin?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  const child = startCli(args, options.env);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  child.stdin!.end(options.stdin ?? '');
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

async function inProcess(args: string[]): Promise<Run> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => (out += chunk));
  stderr.on('data', (chunk) => (err += chunk));
  const status = await main(args, { stdout, stderr, stdin: new PassThrough() });
  return { status, stdout: out, stderr: err };
}

/** The `listening tcp://…` line a long-running command prints once bound. */
async function listeningEndpoint(child: ChildProcess): Promise<string> {
  for await (const line of createInterface({ input: child.stdout! })) {
    const match = /^listening (tcp:\/\/127\.0\.0\.1:\d+)$/.exec(line);
    if (match) return match[1]!;
  }
  throw new Error('the process ended without listening');
}

async function ask(endpoint: string, want: 'hello' | 'snapshot' | 'status') {
  const socket = new Request({ receiveTimeout: 60_000, linger: 0 });
  socket.connect(endpoint);
  try {
    await socket.send(encodeMessage({ type: 'agent-request', want, sinceSeq: null }));
    const [reply] = await socket.receive();
    return decodeMessage(reply!);
  } finally {
    socket.close();
  }
}

function stopped(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.on('close', (status) => resolve(status));
  });
}

describe('arguments and help', () => {
  test('--help works for the program and for every command', async () => {
    const overview = await inProcess(['--help']);
    assert.equal(overview.status, 0);
    for (const command of ['parse', 'collect', 'serve', 'simulate']) {
      assert.match(overview.stdout, new RegExp(`\\n  ${command} `));
      const help = await inProcess([command, '--help']);
      assert.equal(help.status, 0, command);
      assert.match(help.stdout, new RegExp(`^usage: webstat-agent ${command}`), command);
    }
    assert.match((await inProcess(['--version'])).stdout, /^\d+\.\d+\.\d+\n$/);
  });

  test('bad arguments: a usage line on stderr and exit status 2', async () => {
    for (const args of [[], ['frobnicate'], ['parse'], ['parse', '--bogus', 'x'], ['parse', '--format', 'nope', 'x'], ['simulate', '--jobs', 'many'], ['simulate', '--flavour', 'lsf'], ['serve'], ['collect', '--timeout', '0']]) {
      const run = await inProcess(args);
      assert.equal(run.status, 2, args.join(' '));
      assert.match(run.stderr, /^webstat-agent: usage: /, args.join(' '));
      assert.equal(run.stdout, '');
    }
  });

  test('simulate --print refuses a format the flavour does not print', async () => {
    const run = await inProcess(['simulate', '--flavour', 'torque', '--print', 'qstat-f-json', '--jobs', '10', '--nodes', '2']);
    assert.equal(run.status, 2);
  });
});

// A process that never answers must fail its test, not stall the suite.
const SPAWNING = { timeout: 600_000 };

describe('parse', SPAWNING, () => {
  test('a PBS Pro qstat -f prints the JSON with state words and the fixture\'s numbers', async () => {
    const run = await runCli(['parse', `${FIXTURES}pbspro/qstat_f_aiida_epfl_pbspro.txt`]);
    assert.equal(run.status, 0, run.stderr);
    const out = JSON.parse(run.stdout);
    assert.deepEqual(Object.keys(out), ['scheduler', 'jobs', 'nodes', 'queues', 'summary']);
    assert.equal(out.scheduler.flavour, 'pbspro');
    // Read off the text: 68350 Q, 68351 Q, 69301 R, 69302 H, 74164 R, 74165 H.
    assert.deepEqual(
      out.jobs.map((job: { id: string; state: string }) => [job.id, job.state]),
      [
        ['68350.mycluster', 'queued'],
        ['68351.mycluster', 'queued'],
        ['69301.mycluster', 'running'],
        ['69302.mycluster', 'held'],
        ['74164.mycluster', 'running'],
        ['74165.mycluster', 'held'],
      ],
    );
    const job = out.jobs[2];
    assert.deepEqual([job.name, job.user, job.queue, job.cores, job.gpus], ['Cu-dbp', 'user02', 'P_lsu', 64, 0]);
    assert.equal(out.summary.coresUsed, 96);
  });

  test('Torque qstat -f from standard input: completed jobs listed but never counted', async () => {
    const run = await runCli(['parse', '--format', 'qstat-f', '--flavour', 'torque', '-'], { stdin: readFileSync(`${FIXTURES}torque/qstat_f_aiida_ichec_torque.txt`, 'utf8') });
    assert.equal(run.status, 0, run.stderr);
    const out = JSON.parse(run.stdout);
    for (const job of out.jobs) assert.ok((JOB_STATES as readonly string[]).includes(job.state), job.state);
    // 549159 H, 555716 R (4 x 0-23), 556491 R (0-23), 546437 C, five Q, 543984 C.
    assert.deepEqual(out.summary.jobs, { queued: 5, held: 1, waiting: 0, running: 2, exiting: 0, suspended: 0, transit: 0, completed: 2 });
    assert.equal(out.summary.coresUsed, 120);
    const running = Object.fromEntries(out.summary.users.filter((u: { coresRunning: number }) => u.coresRunning > 0).map((u: { name: string; coresRunning: number }) => [u.name, u.coresRunning]));
    assert.deepEqual(running, { somebody: 96, user_556491: 24 });
  });

  test('a text no parser reads: one parse-error line with the line number, exit status 1, no stack trace', async () => {
    const file = session.file('garbage.txt', 'Job Id: 1.srv\nthis is not an attribute line\n\u0000\u0001 garbage\n');
    const run = await runCli(['parse', '--format', 'qstat-f-json', file]);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /^webstat-agent: parse-error: .*line \d+/);
    assert.doesNotMatch(run.stderr, /\n\s+at /);
    assert.equal(run.stdout, '');
  });
});

describe('collect, serve and simulate', SPAWNING, () => {
  const script = {
    'qstat --version': { stdout: 'pbs_version = 2022.1.4\n' },
    'qstat -f -t -F json': { stdoutFile: `${FIXTURES}pbspro/qstat_xf_json_buildtest_held_19.txt` },
    'pbsnodes -a -F json': { stdoutFile: `${FIXTURES}pbspro/pbsnodes_a_json_alcf_polaris_2022_excerpt.txt` },
    'qstat -Q -f -F json': { stdoutFile: `${FIXTURES}pbspro/qstat_Qf_json_it4i_barbora_20.txt` },
  };

  test('collect runs the commands once and prints the same JSON as parse', async () => {
    session.script(script);
    const run = await runCli(['collect', '--compact'], { env: session.env });
    assert.equal(run.status, 0, run.stderr);
    const out = JSON.parse(run.stdout);
    assert.deepEqual(Object.keys(out), ['scheduler', 'jobs', 'nodes', 'queues', 'summary']);
    assert.deepEqual(out.jobs.map((job: { id: string; state: string; user: string }) => [job.id, job.state, job.user]), [['157.pbs', 'held', 'pbsuser']]);
    assert.equal(out.scheduler.version, '2022.1.4');
    assert.equal(run.stdout.trimEnd().split('\n').length, 1);
  });

  test('collect against a hanging qstat: a timeout line and exit status 1', async () => {
    session.script({ '*': { hang: true } });
    const run = await runCli(['collect', '--flavour', 'pbspro', '--timeout', '3'], { env: session.env });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /^webstat-agent: timeout: /);
  });

  test('serve --config: listening line, answers, stops on SIGTERM', async () => {
    session.script(script);
    const config = session.file('agent.yaml', 'cluster: hpc1\nbind: tcp://127.0.0.1:0\nlogLevel: warn\n');
    const child = startCli(['serve', '--config', config], session.env);
    const endpoint = await listeningEndpoint(child);
    const reply = await ask(endpoint, 'snapshot');
    assert.equal(reply.type, 'snapshot');
    assert.equal(reply.type === 'snapshot' && reply.snapshot.cluster, 'hpc1');
    assert.equal(reply.type === 'snapshot' && reply.snapshot.status.health, 'ok');
    child.kill('SIGTERM');
    assert.equal(await stopped(child), 0);
  });

  test('serve with a typo in its configuration names the key and the line', async () => {
    const config = session.file('typo.yaml', 'cluster: hpc1\nintervall: 60\n');
    const run = await runCli(['serve', '--config', config]);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /^webstat-agent: config-invalid: .*typo\.yaml:2: intervall: unknown key/);
  });

  test('simulate on port 0 prints the real port and serves a simulated cluster read by the real parsers', async () => {
    const child = startCli(['simulate', '--jobs', '300', '--nodes', '20', '--users', '12', '--flavour', 'torque', '--cluster', 'demo1', '--interval', '1', '--bind', 'tcp://127.0.0.1:0']);
    const endpoint = await listeningEndpoint(child);
    const hello = await ask(endpoint, 'hello');
    assert.deepEqual(hello.type === 'agent-info' && [hello.cluster, hello.flavour, hello.intervalSeconds], ['demo1', 'torque', 1]);
    const reply = await ask(endpoint, 'snapshot');
    assert.equal(reply.type, 'snapshot');
    if (reply.type === 'snapshot') {
      assert.equal(reply.snapshot.status.health, 'ok');
      assert.equal(reply.snapshot.nodes.length, 20);
      // Torque lists array subjobs but not their parents: at most the 300 jobs the cluster holds.
      assert.ok(reply.snapshot.jobs.length > 250 && reply.snapshot.jobs.length <= 300, String(reply.snapshot.jobs.length));
      assert.equal(reply.snapshot.summary.users.length, 12);
    }
    child.kill('SIGTERM');
    assert.equal(await stopped(child), 0);
  });

  test('simulate --print renders one output', async () => {
    const run = await runCli(['simulate', '--print', 'pbsnodes-a', '--jobs', '40', '--nodes', '3']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^cn0001\n {5}Mom = /);
  });
});
