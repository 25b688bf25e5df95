// The demo's filled history, with real parts: simulated agents as real child processes (warm-up
// frames on their stdout, real ZeroMQ, real parsers), the real HistoryStore on a temporary SQLite
// file, the whole demo with its gateway and a real WebSocket client, and the CLI as a child process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { decodeMessage, encodeMessage } from '../../protocol/frame.ts';
import type { HistoryBlock } from '../../protocol/history.ts';
import type { Snapshot } from '../../protocol/model.ts';
import { HistoryStore } from '../history/history-store.ts';
import { AgentConnection } from '../polling/agent-connection.ts';
import { startDemo, type RunningDemo } from '../demo.ts';
import { until } from '../testing/until.ts';
import { connect, type Connected } from '../testing/ws-test-client.ts';
import type { DemoCluster } from './demo-clusters.ts';
import { COARSE_STEP_SECONDS, DemoHistoryFill, FINE_STEP_SECONDS, historySteps, historyTimes } from './demo-history.ts';
import { SimulatedAgent } from './simulated-agent.ts';

const CLI = fileURLToPath(new URL('../cli.ts', import.meta.url));
const RETENTION = { rawHours: 48, fiveMinuteDays: 30, hourlyDays: 730 };
const DAY = historySteps(24);
const dir = mkdtempSync(join(tmpdir(), 'webstat-demo-history-'));
const agents: SimulatedAgent[] = [];
const demos: RunningDemo[] = [];
const sockets: Connected[] = [];

/**
 * What the charts need of a day (widgets/data/ranges.ts): a sample in every 5-minute point of the
 * 24 h chart and in every 1-minute point of the 1 h and 6 h charts.
 */
function assertSpreadOverTheDay(times: number[], end: number): void {
  assert.ok(times[0]! <= end - 24 * 3600 + COARSE_STEP_SECONDS, 'reaches back a day');
  assert.ok(times.every((time, i) => i === 0 || time > times[i - 1]!), 'increasing');
  for (let from = end - 24 * 3600; from + COARSE_STEP_SECONDS <= end; from += COARSE_STEP_SECONDS) {
    assert.ok(times.some((time) => time > from && time <= from + COARSE_STEP_SECONDS), `a sample in (${from}, ${from + COARSE_STEP_SECONDS}]`);
  }
  for (let from = end - 6 * 3600; from + FINE_STEP_SECONDS <= end; from += FINE_STEP_SECONDS) {
    assert.ok(times.some((time) => time > from && time <= from + FINE_STEP_SECONDS), `a sample in (${from}, ${from + FINE_STEP_SECONDS}]`);
  }
}

after(async () => {
  for (const ws of sockets) ws.socket.terminate();
  await Promise.all(agents.map((agent) => agent.stop()));
  await Promise.all(demos.map((demo) => demo.close()));
  rmSync(dir, { recursive: true, force: true });
});

/** Per user: cores running and queued, as history keeps them for one sample of `block`. */
function usersAt(block: HistoryBlock, time: number): Map<string, [number, number]> {
  const at = block.times.indexOf(time);
  assert.ok(at >= 0, `a sample at ${time}`);
  const users = new Map<string, [number, number]>();
  for (const series of block.series.filter((s) => s.dimension === 'user')) {
    const k = series.at.indexOf(at);
    if (k >= 0) users.set(series.name, [series.values.coresRunning[k]!, series.values.coresQueued[k]!]);
  }
  return users;
}

/** The same for a live snapshot (users with nothing running or queued are not in history). */
function usersOf(snapshot: Snapshot): Map<string, [number, number]> {
  return new Map(
    snapshot.summary.users
      .filter((user) => user.coresRunning > 0 || user.coresQueued > 0 || user.jobsHeld > 0 || user.gpusRunning > 0 || user.gpusQueued > 0 || user.jobsRunning > 0 || user.jobsQueued > 0)
      .map((user) => [user.name, [user.coresRunning, user.coresQueued]]),
  );
}

async function firstAnswer(endpoint: string): Promise<Snapshot> {
  const connection = new AgentConnection(endpoint, { timeoutMs: 30_000 });
  try {
    const reply = decodeMessage(await connection.request(encodeMessage({ type: 'agent-request', want: 'snapshot', sinceSeq: null })));
    assert.equal(reply.type, 'snapshot', JSON.stringify(reply).slice(0, 300));
    return reply.snapshot;
  } finally {
    connection.close();
  }
}

describe('the demo history fill, agent by agent', { timeout: 300_000 }, () => {
  for (const flavour of ['torque', 'pbspro', 'openpbs', 'slurm'] as const) {
    it(`${flavour}: a day of samples, the last one what the live agent then serves`, async () => {
      const cluster: DemoCluster = { name: `fill-${flavour}`, label: flavour, flavour, jobs: 400, nodes: 24, users: 10, groups: 3, seed: 4242, flaky: false };
      const database = join(dir, `${flavour}.sqlite`);
      const end = Math.floor(Date.now() / 1000);
      const fill = new DemoHistoryFill(database, RETENTION, 24, end);
      // A long interval: the agent takes no step of its own before it is asked.
      const agent = await SimulatedAgent.start(cluster, 60, { warmUp: { steps: DAY, onFrame: (frame) => fill.add(cluster.name, frame) } });
      agents.push(agent);
      fill.finish([cluster.name]);

      const store = HistoryStore.open(database, { retention: RETENTION });
      try {
        assert.equal(store.seq(cluster.name), DAY, 'one sequence number per filled state');
        const blocks = store.history(cluster.name, null);
        const times = blocks.flatMap((block) => block.times);
        assert.deepEqual(times, historyTimes(24, end));
        assert.equal(times.at(-1), end);
        assertSpreadOverTheDay(times, end);
        const block = blocks.at(-1)!;
        const last = usersAt(block, end);
        assert.ok(last.size >= 3, 'several users in the last sample');
        // The lines move over the day (the cluster was stepped, not copied).
        assert.notDeepEqual(usersAt(block, times[0]!), last);

        const live = await firstAnswer(agent.endpoint);
        assert.deepEqual(usersOf(live), last, 'no seam: the first poll shows the last filled state');
      } finally {
        store.close();
      }
    });
  }
});

describe('webstat demo with history', { timeout: 300_000 }, () => {
  it('fills the past day, and the gateway continues from it: sequence and per-user cores', async () => {
    const started = Math.floor(Date.now() / 1000);
    const demo = await startDemo({ host: '127.0.0.1', port: 0, clusters: 1, site: null, intervalSeconds: 60, flakyEverySeconds: 3600, flakyForSeconds: 1, historyHours: 24 });
    demos.push(demo);
    // The first poll continues the store's sequence: DAY filled states, then DAY + 1.
    const polled = await until('the first poll', () => demo.gateway.upstream.clusters().find((c) => c.lastPollAt !== null && c.seq > DAY), 60_000);
    assert.equal(polled.seq, DAY + 1);

    const ws = await connect(`${demo.url.replace('http', 'ws')}ws`, { origin: demo.url.slice(0, -1) });
    sockets.push(ws);
    ws.hello(demo.token, [{ cluster: 'hydra', level: 'users' }]);
    const snapshot = await until('the live snapshot', () => ws.client.snapshots.get('hydra'), 30_000);
    const history = await until('the history', () => ws.client.history.length > 0 && ws.client.history, 30_000);
    assert.equal(snapshot.seq, DAY + 1);
    // The filled day up to the demo's start, then the first poll's sample.
    const times = history.flatMap((block) => block.times);
    assert.equal(times.length, DAY + 1, 'a day of filled samples and the first poll');
    const filled = times.slice(0, DAY);
    const live = times[DAY]!;
    assert.ok(filled.at(-1)! >= started, 'filled up to the demo\'s start');
    assertSpreadOverTheDay(filled, filled.at(-1)!);
    assert.ok(live > filled.at(-1)! && live - filled.at(-1)! < FINE_STEP_SECONDS, 'the first poll right after');
    const block = history.find((b) => b.times.includes(live))!;
    assert.deepEqual(usersAt(block, filled.at(-1)!), usersOf(snapshot), 'no seam between the filled history and the live snapshot');
    assert.deepEqual(usersAt(block, live), usersOf(snapshot));
  });

  it('--history-hours 0 fills nothing: history starts with the first poll', async () => {
    const started = Math.floor(Date.now() / 1000);
    const demo = await startDemo({ host: '127.0.0.1', port: 0, clusters: 1, site: null, intervalSeconds: 60, flakyEverySeconds: 3600, flakyForSeconds: 1, historyHours: 0 });
    demos.push(demo);
    const polled = await until('the first poll', () => demo.gateway.upstream.clusters().find((c) => c.lastPollAt !== null && c.seq > 0), 60_000);
    assert.equal(polled.seq, 1, 'the sequence starts afresh');
    const ws = await connect(`${demo.url.replace('http', 'ws')}ws`, { origin: demo.url.slice(0, -1) });
    sockets.push(ws);
    ws.hello(demo.token, [{ cluster: 'hydra', level: 'users' }]);
    const history = await until('the history', () => ws.client.history.length > 0 && ws.client.history, 30_000);
    const times = history.flatMap((block) => block.times);
    assert.equal(times.length, 1, 'one sample: the first poll');
    assert.ok(times[0]! >= started, 'none before the demo started');
  });
});

describe('webstat demo --history-hours', () => {
  it('exits 2 with a usage line for a value that is not 0 to 168 whole hours', () => {
    for (const value of ['-1', '169', '1.5', 'day', '']) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'demo', '--port', '0', `--history-hours=${value}`], { encoding: 'utf8', timeout: 60_000 });
      assert.equal(run.status, 2, `'${value}': ${run.stderr}`);
      assert.match(run.stderr, /^webstat: usage: --history-hours wants a whole number from 0 to 168/, `'${value}'`);
    }
  });

  it('is in the demo\'s help', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'demo', '--help'], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.status, 0);
    assert.match(run.stdout, /--history-hours H/);
  });
});

describe('DemoHistoryFill', () => {
  it('refuses a frame it cannot read, and names the clusters left unfilled', () => {
    const fill = new DemoHistoryFill(join(dir, 'refusals.sqlite'), RETENTION, 1, 1_795_000_000);
    assert.throws(() => fill.add('wren', new Uint8Array([1, 2, 3])), { code: 'demo-history-bad-frame' });
    assert.throws(() => fill.add('wren', encodeMessage({ type: 'error', code: 'x', message: 'not a state' })), { code: 'demo-history-bad-frame' });
    assert.equal(fill.recorded('wren'), 0, 'nothing recorded from them');
    assert.throws(() => fill.finish(['wren']), { code: 'demo-history-incomplete', message: /wren \(0 of 60 states\)/ });
  });
});
