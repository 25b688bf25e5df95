/**
 * The scheduler's load does not grow with the audience (DESIGN.md "Scheduler budget"): with one
 * viewer and with 500 viewers, the agent runs `qstat` the same number of times over the same number
 * of collection intervals, counted in the fake qstat's own call log, and those intervals last no
 * less than the configured interval (a viewer never brings a collection forward). The viewers are
 * real protocol clients of the built gateway, in a process of their own, each receiving every
 * update while the count runs.
 *
 * The intervals are counted from one collection's start (its `qstat -f`) to the start of the one
 * INTERVALS later; on a busy machine the budget may stretch them (ten times a slow collection's
 * duration), which changes how long they last, never how many runs each holds.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { builtSystem } from './harness/built-system.ts';
import { ClientCrowd } from './harness/client-crowd.ts';
import { pbsproJsonScript } from './harness/fixture-scripts.ts';
import { GatewayProcess } from './harness/gateway-process.ts';
import { LoginNodeAgent } from './harness/login-node-agent.ts';
import { ProtocolClient } from './harness/protocol-client.ts';

const CLUSTER = 'epfl';
const INTERVAL = 5;
const INTERVALS = 4;
const VIEWERS = 500;
/** The JSON plan: `qstat -f -t -F json`, `pbsnodes -a -F json`, `qstat -Q -f -F json`. */
const QSTAT_PER_COLLECTION = 2;

let dir: string;
let agent: LoginNodeAgent;
let gateway: GatewayProcess;

async function pause(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits for the collection after the `count`-th to start; returns when it was seen, epoch ms. */
async function collectionStarted(count: number): Promise<number> {
  const deadline = Date.now() + 60 * INTERVAL * 1000;
  while (agent.collectionsStarted() <= count) {
    if (Date.now() > deadline) throw new Error(`collection ${count + 1} did not start`);
    await pause(50);
  }
  return Date.now();
}

/** qstat runs (jobs and queues alike) over INTERVALS collection intervals, and how long they took. */
async function countRuns(): Promise<{ runs: number; seconds: number }> {
  const first = agent.collectionsStarted();
  const from = await collectionStarted(first);
  const until = await collectionStarted(first + INTERVALS);
  // From the log itself: every qstat between the first counted collection's start and the start of
  // the one INTERVALS later.
  const calls = agent.scheduler.calls();
  const starts = calls.flatMap((call, index) => (/^qstat (-f|-x)\b/.test(call) ? [index] : []));
  const window = calls.slice(starts[first]!, starts[first + INTERVALS]!);
  return { runs: window.filter((call) => call.startsWith('qstat ')).length, seconds: (until - from) / 1000 };
}

describe('qstat runs with one viewer and with 500 viewers', { timeout: 900_000 }, () => {
  before(async () => {
    const system = await builtSystem();
    dir = mkdtempSync(join(tmpdir(), 'webstat-e2e-scheduler-load-'));
    agent = await LoginNodeAgent.start({ system, cluster: CLUSTER, flavour: 'pbspro', script: pbsproJsonScript(), intervalSeconds: INTERVAL, commandTimeoutSeconds: 20 });
    gateway = await GatewayProcess.start({
      system,
      dir,
      config: { pollInterval: INTERVAL, anonymous: { level: 'summary' }, clusters: [{ name: CLUSTER, agent: { url: `tcp://127.0.0.1:${agent.agentPort}` } }] },
    });
  });

  after(async () => {
    await gateway?.stop();
    await agent?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the same number of qstat runs over the same number of intervals', async (t) => {
    const viewer = new ProtocolClient({ url: gateway.url, subscriptions: [{ cluster: CLUSTER, level: 'summary' }] });
    await viewer.connect();
    const one = await countRuns();
    assert.ok(viewer.counters.deltas > 0 || viewer.held(CLUSTER).resyncs > 0, 'the viewer received updates');
    assert.deepEqual(viewer.problems, []);
    viewer.close();

    const { crowd, connected, failed } = await ClientCrowd.start(
      gateway.url,
      'unused-token-0123456789',
      Array.from({ length: VIEWERS }, () => ({ clusters: [CLUSTER], level: 'summary' as const, withToken: false })),
    );
    try {
      assert.deepEqual(failed, []);
      assert.equal(connected, VIEWERS);
      const seqBefore = (await gateway.clusterHealth(CLUSTER)).seq;
      const many = await countRuns();
      // Every one of the 500 was watching: each holds what the gateway published during the count.
      assert.deepEqual(await crowd.catchUp({ [CLUSTER]: (await gateway.clusterHealth(CLUSTER)).seq }, 60_000), []);
      assert.ok((await gateway.clusterHealth(CLUSTER)).seq > seqBefore, 'the cluster changed while they watched');
      const report = await crowd.report();
      assert.equal(report.problemCount, 0, report.problems.join('\n'));
      t.diagnostic(`qstat runs over ${INTERVALS} intervals: ${one.runs} with one viewer (${one.seconds.toFixed(1)} s), ${many.runs} with ${VIEWERS} (${many.seconds.toFixed(1)} s)`);
      assert.equal(one.runs, INTERVALS * QSTAT_PER_COLLECTION);
      assert.equal(many.runs, one.runs);
      // No collection came sooner than the interval (a second of slack for seeing the calls).
      assert.ok(one.seconds >= INTERVALS * INTERVAL - 1, `${INTERVALS} intervals in ${one.seconds} s`);
      assert.ok(many.seconds >= INTERVALS * INTERVAL - 1, `${INTERVALS} intervals in ${many.seconds} s`);
    } finally {
      await crowd.stop();
    }
  });
});
