// The simulator's warm-up: the real `webstat-agent simulate` as a child process for the option, and
// the warm-up itself in-process for what it leaves behind.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Request } from 'zeromq';
import { decodeMessage, encodeMessage } from '../../protocol/frame.ts';
import type { Snapshot } from '../../protocol/model.ts';
import { SyntheticCluster } from './synthetic-cluster.ts';
import { warmUp } from './warm-up.ts';

const CLI = fileURLToPath(new URL('../cli.ts', import.meta.url));
const SMALL = ['--jobs', '120', '--nodes', '12', '--users', '6', '--groups', '2', '--seed', '5'];
const children: ChildProcess[] = [];

after(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function snapshotOf(frame: Uint8Array): Snapshot {
  const message = decodeMessage(frame);
  assert.equal(message.type, 'snapshot');
  return message.snapshot;
}

describe('webstat-agent simulate --warm-up-steps', { timeout: 120_000 }, () => {
  it('prints each state reached before it listens, and serves on', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'simulate', ...SMALL, '--interval', '60', '--bind', 'tcp://127.0.0.1:0', '--warm-up-steps', '5', '--warm-up-frames'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const frames: Snapshot[] = [];
    let listening = '';
    for await (const line of createInterface({ input: child.stdout! })) {
      if (line.startsWith('warm-up ')) frames.push(snapshotOf(Buffer.from(line.slice(8), 'base64')));
      else if (line.startsWith('listening ')) {
        listening = line;
        break;
      } else assert.fail(`unexpected line: ${line}`);
    }
    assert.match(listening, /^listening tcp:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(frames.length, 5);
    const now = Date.now() / 1000;
    frames.forEach((frame, i) => {
      assert.equal(frame.cluster, 'simulated');
      assert.equal(frame.seq, frames[0]!.seq + i, 'one step between two frames');
      assert.equal(frame.jobs.length, 0, 'no job table in a warm-up frame');
      assert.ok(frame.summary.jobs.running > 0 && frame.summary.users.length > 0, 'the summary is there');
    });
    assert.ok(frames.slice(0, -1).every((frame) => frame.nodes.length === 0), 'the states before the last: summary only');
    assert.equal(frames.at(-1)!.nodes.length, 12, 'the last state is whole (users level)');
    assert.ok(Math.abs(frames.at(-1)!.time - now) < 30, 'the warmed-up cluster\'s clock reads now');
    assert.equal(frames.at(-1)!.time - frames[0]!.time, 4 * 60, 'each step is one interval');

    // It serves on: its first collection is the state the frames ended at.
    const socket = new Request({ receiveTimeout: 30_000, linger: 0 });
    socket.connect(listening.slice('listening '.length));
    await socket.send(encodeMessage({ type: 'agent-request', want: 'snapshot', sinceSeq: null }));
    const [reply] = await socket.receive();
    socket.close();
    const served = snapshotOf(reply!);
    assert.deepEqual(
      served.summary.users.map((user) => [user.name, user.coresRunning, user.coresQueued]),
      frames.at(-1)!.summary.users.map((user) => [user.name, user.coresRunning, user.coresQueued]),
    );
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  });

  it('refuses bad values with exit 2 and a usage line', () => {
    for (const args of [['--warm-up-steps=-1'], ['--warm-up-steps', 'ten'], ['--warm-up-steps', '100001'], ['--warm-up-steps', '2.5'], ['--warm-up-frames']]) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'simulate', ...SMALL, ...args], { encoding: 'utf8', timeout: 60_000 });
      assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, /^webstat-agent: usage: .*--warm-up-(steps|frames)/, args.join(' '));
    }
  });
});

describe('warmUp', () => {
  it('leaves the same cluster whether its states are handed out or not', async () => {
    const options = { jobs: 300, nodes: 20, users: 8, groups: 3, seed: 9, interval: 60, start: 1_795_000_000 };
    const quiet = new SyntheticCluster(options);
    const watched = new SyntheticCluster(options);
    const frames: Uint8Array[] = [];
    await warmUp(quiet, 12);
    await warmUp(watched, 12, (frame) => void frames.push(frame));
    assert.equal(frames.length, 12);
    assert.deepEqual(watched.snapshot(), quiet.snapshot());
    // And the last frame says what the cluster now is.
    assert.deepEqual(snapshotOf(frames.at(-1)!).summary, quiet.snapshot().summary);
  });
});
