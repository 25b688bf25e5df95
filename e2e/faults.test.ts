/**
 * Faults on the whole system (issue 7): one cluster's login node (real sshd, the agent behind it
 * on fake qstat/pbsnodes printing a real PBS Pro listing), the built gateway reaching it through
 * its SSH tunnel, and the dashboard in Chromium. Each test breaks one part and repairs it:
 *
 * - the row (and /healthz) shows the right status within two collection intervals of the fault,
 *   and is live again within two intervals of the repair;
 * - nothing the gateway recorded before is lost, and the outage is a gap in its history, not
 *   invented data (e2e/harness/outage-history.ts);
 * - the history chart in the page never shows a value the scheduler did not print (no zeros).
 *
 * "Interval" is the cluster's collection interval as the agent's budget makes it: the configured
 * one, or longer when the fake commands run slowly on a busy machine and the next collection must
 * wait ten times the last one's duration (DESIGN.md "Scheduler budget"); it is read from the
 * agent's own log (each collection's duration and the wait it chose after it). A status change that
 * comes from a collection may in addition wait for that collection to run: the deadlines add the
 * longest recent collection's duration. Every wait polls a condition until its deadline; nothing
 * sleeps a fixed time and then asserts.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { BrowserOffline } from './harness/browser-offline.ts';
import { builtSystem } from './harness/built-system.ts';
import { DashboardPage, launchChromium, type RowReading } from './harness/dashboard-page.ts';
import { pbsproScript } from './harness/fixture-scripts.ts';
import { GatewayProcess, type ClusterHealth } from './harness/gateway-process.ts';
import { LoginNode } from './harness/login-node.ts';
import { outageHistoryProblems } from './harness/outage-history.ts';
import { perPollSamples } from './harness/protocol-client.ts';

const CLUSTER = 'epfl';
/** Seconds between the agent's collections and between the gateway's polls. At least 5: an agent
 * that died behind a live tunnel is noticed when a request times out, after half the poll interval
 * but no less than 5 s, and that must fit in two intervals. */
const INTERVAL = 5;
const COMMAND_TIMEOUT = 3;
const TOKEN = 'e2e-faults-token-0123456789abcdef';
/** The page learns a status from the gateway over its WebSocket, through the SharedWorker, and
 * draws it: that hop is not a poll interval, and gets this much on top of the two intervals. */
const PAGE_HOP_MS = 5_000;
/** The browser's reconnection backoff is capped at 30 s, two intervals of the shortest interval a
 * real scheduler may have (15 s): the bound that holds by design for a gateway restart. */
const REAL_MINIMUM_INTERVAL = 15;
/** qstat_f_aiida_epfl_pbspro.txt, by hand: 69301 (user02) runs on 4 x 16 cores, 74164 (user3) on 2 x 16. */
const CORES_USED = 96;
const USER_CORES: Record<string, number> = { user02: 64, user3: 32 };

let dir: string;
let node: LoginNode;
let gateway: GatewayProcess;
let browser: Browser;
let dashboard: DashboardPage;

const now = () => Math.floor(Date.now() / 1000);

/** The collection interval as the budget made it lately, and the longest recent collection, in seconds. */
function budget(): { interval: number; collection: number } {
  const recent = node.agent.log.filter((line) => line.durationMs !== undefined && line.nextInMs !== undefined).slice(-4);
  const period = Math.max(0, ...recent.map((line) => line.durationMs! + line.nextInMs!)) / 1000;
  const collection = Math.max(0, ...recent.map((line) => line.durationMs!)) / 1000;
  return { interval: Math.max(INTERVAL, Math.ceil(period)), collection: Math.ceil(collection) };
}

async function interval(): Promise<number> {
  return budget().interval;
}

function history(): Promise<Map<number, number>> {
  return perPollSamples(gateway.url, TOKEN, CLUSTER);
}

/** Epoch seconds of the agent's good collections, from its log. */
function collections(): number[] {
  return node.agent.log.filter((line) => line.msg === 'collection ok').map((line) => Math.floor(line.time / 1000));
}

async function until<T>(what: string, deadlineMs: number, read: () => Promise<T>, accept: (value: T) => boolean): Promise<T> {
  const started = Date.now();
  let last: T | undefined;
  for (;;) {
    try {
      last = await read();
      if (accept(last)) return last;
    } catch (error) {
      // The gateway may be down on purpose; keep asking until the deadline.
      last = undefined;
      if (Date.now() - started > deadlineMs) throw error;
    }
    if (Date.now() - started > deadlineMs) {
      throw new Error(`${what}: not within ${Math.round(deadlineMs / 1000)} s; last seen ${JSON.stringify(last)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Milliseconds left of two intervals (and a collection) since `since` (epoch ms), with the page's hop when asked. */
function left(since: number, seconds: number, hop = PAGE_HOP_MS): number {
  return Math.max(0, (2 * seconds + budget().collection) * 1000 + hop - (Date.now() - since));
}

/** /healthz and the row both show `status` within two intervals (the row gets the page's hop too). */
async function expectStatus(since: number, seconds: number, health: (one: ClusterHealth) => boolean, page: (row: RowReading) => boolean, what: string) {
  await until(`/healthz ${what}`, left(since, seconds, 0), () => gateway.clusterHealth(CLUSTER), health);
  await dashboard.waitForRow(CLUSTER, page, left(since, seconds), what);
}

async function expectLive(since: number, seconds: number): Promise<void> {
  await expectStatus(since, seconds, (one) => one.status === 'ok', (row) => row.status === 'Live', 'live data again');
}

/** Keeps the fault on until it has lasted two intervals, so that the gap it leaves is plain. */
async function holdFault(from: number, seconds: number): Promise<void> {
  await until('the outage lasting two intervals', 2 * seconds * 1000 + 60_000, async () => now(), (time) => time >= from + 2 * seconds);
}

/** After the repair: a new sample is recorded, then the history around the outage is checked. */
async function checkHistory(before: Map<number, number>, from: number, to: number, seconds: number): Promise<void> {
  const after = await until('a sample after the repair', 4 * seconds * 1000 + 60_000, history, (samples) => [...samples.keys()].some((time) => time >= to));
  assert.deepEqual(outageHistoryProblems({ before, after, outage: { from, to }, collections: collections(), coresUsed: CORES_USED, interval: seconds }), []);
}

/** The history chart shows what the scheduler printed or nothing (a gap), never another value. */
async function checkChart(page = dashboard): Promise<void> {
  const row = await page.row(CLUSTER);
  assert.ok(row?.history, 'the history chart has data');
  for (const series of row.history.series) {
    assert.ok(series.name in USER_CORES, `a series for ${series.name}, whom the scheduler does not list as running`);
    for (const value of series.values) if (value !== null) assert.equal(value, USER_CORES[series.name], `${series.name} drawn at ${value} cores`);
  }
  assert.ok(row.history.series.some((series) => series.values.some((value) => value !== null)), 'the chart draws some data');
}

/** Every value a chart drew before is drawn again, at the same time, after. */
function assertStillDrawn(before: NonNullable<RowReading['history']>, after: NonNullable<RowReading['history']>): void {
  for (const series of before.series) {
    const again = after.series.find((one) => one.name === series.name);
    assert.ok(again, `${series.name} still drawn`);
    series.values.forEach((value, index) => {
      const at = after.times.indexOf(before.times[index]!);
      if (value !== null && at >= 0) assert.equal(again.values[at], value, `${series.name} at ${before.times[index]}`);
    });
  }
}

describe('faults on the whole system, one at a time, each repaired', { timeout: 1_500_000 }, () => {
  before(async () => {
    const system = await builtSystem();
    dir = mkdtempSync(join(tmpdir(), 'webstat-e2e-faults-'));
    node = await LoginNode.start({
      system,
      dir,
      cluster: CLUSTER,
      label: 'EPFL (PBS Pro 12)',
      flavour: 'pbspro',
      script: pbsproScript(),
      intervalSeconds: INTERVAL,
      commandTimeoutSeconds: COMMAND_TIMEOUT,
      pollIntervalSeconds: INTERVAL,
    });
    gateway = await GatewayProcess.start({
      system,
      dir,
      config: { pollInterval: INTERVAL, tokens: [{ name: 'staff', token: TOKEN, level: 'users', pseudonyms: false }], clusters: [node.gatewayEntry()] },
    });
    browser = await launchChromium();
    // The last hour at one-minute steps: the finest the dashboard draws.
    dashboard = await DashboardPage.open(browser, `${gateway.url}?token=${TOKEN}&range=1h`);
    await dashboard.waitForRow(CLUSTER, (row) => row.status === 'Live' && row.coresUsed === CORES_USED, 180_000, 'live data');
    // Some history to lose.
    await until('three samples', 180_000, history, (samples) => samples.size >= 3);
  });

  after(async () => {
    await dashboard?.close();
    await browser?.close();
    await gateway?.stop();
    await node?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the agent killed and restarted: unreachable, then live; a gap in the history', async () => {
    const before = await history();
    const seconds = await interval();
    const from = now();
    const killedAt = Date.now();
    await node.agent.kill();
    // The tunnel stays up; the agent's port behind it no longer answers.
    await expectStatus(killedAt, seconds, (one) => one.status === 'unreachable', (row) => row.status === 'Unreachable', 'unreachable');
    await holdFault(from, seconds);
    const to = now();
    const restartedAt = Date.now();
    await node.agent.restart();
    await expectLive(restartedAt, await interval());
    await checkHistory(before, from, to, seconds);
    await checkChart();
  });

  test('sshd killed with its connections and restarted: unreachable, then live; a gap in the history', async () => {
    const before = await history();
    const seconds = await interval();
    const from = now();
    const killedAt = Date.now();
    await node.sshd.kill();
    await expectStatus(
      killedAt,
      seconds,
      (one) => one.status === 'unreachable' && /^(ssh-|connect-failed|keepalive-lost)/.test(one.code ?? ''),
      (row) => row.status === 'Unreachable',
      'unreachable for want of SSH',
    );
    await holdFault(from, seconds);
    const to = now();
    const restartedAt = Date.now();
    await node.sshd.restart();
    await expectLive(restartedAt, await interval());
    await checkHistory(before, from, to, seconds);
    await checkChart();
  });

  test('qstat hanging: a scheduler error (timeout) while the last data stays on show, then live', async () => {
    const before = await history();
    const seconds = await interval();
    const from = now();
    const hungAt = Date.now();
    node.agent.scheduler.script({ ...pbsproScript(), 'qstat -f -t': { hang: true } });
    await expectStatus(
      hungAt,
      seconds + COMMAND_TIMEOUT,
      (one) => one.status === 'scheduler-error' && one.code === 'timeout',
      (row) => row.status === 'Scheduler error' && row.coresUsed === CORES_USED,
      'a scheduler error, with the last data',
    );
    await holdFault(from, seconds);
    const to = now();
    const repairedAt = Date.now();
    node.agent.scheduler.script(pbsproScript());
    // A collection that hit the timeout stretches the next one to ten times its duration.
    await expectLive(repairedAt, await interval());
    await checkHistory(before, from, to, seconds);
    await checkChart();
  });

  test('qstat printing garbage: a scheduler error (parse-error), then live', async () => {
    const before = await history();
    const seconds = await interval();
    const from = now();
    const brokenAt = Date.now();
    node.agent.scheduler.script({ ...pbsproScript(), 'qstat -f -t': { garbage: true } });
    await expectStatus(
      brokenAt,
      seconds,
      (one) => one.status === 'scheduler-error' && one.code === 'parse-error',
      (row) => row.status === 'Scheduler error' && row.coresUsed === CORES_USED,
      'a scheduler error, with the last data',
    );
    await holdFault(from, seconds);
    const to = now();
    const repairedAt = Date.now();
    node.agent.scheduler.script(pbsproScript());
    await expectLive(repairedAt, await interval());
    await checkHistory(before, from, to, seconds);
    await checkChart();
  });

  test('the gateway restarted: the page says so, comes back by itself, history kept', async () => {
    const before = await history();
    const seconds = await interval();
    const chartBefore = (await dashboard.row(CLUSTER))!.history!;
    const from = now();
    const stoppedAt = Date.now();
    await gateway.stop();
    await dashboard.waitForRow(CLUSTER, (row) => row.status === 'Gateway unreachable', left(stoppedAt, seconds), 'the gateway unreachable');
    await holdFault(from, seconds);
    const to = now();
    await gateway.restart();
    const restartedAt = Date.now();
    await expectLive(restartedAt, Math.max(await interval(), REAL_MINIMUM_INTERVAL));
    await checkHistory(before, from, to, seconds);
    await checkChart();
    // The page's own history (its worker's store) kept what it drew before the restart.
    assertStillDrawn(chartBefore, (await dashboard.row(CLUSTER))!.history!);
  });

  test('the browser offline for a while: the page says so, then catches up without holes or inventions', async () => {
    // A second page, reached through a relay that the test cuts (see harness/browser-offline.ts).
    const network = await BrowserOffline.start(browser, gateway.port);
    const away = await DashboardPage.open(browser, `${network.url}?token=${TOKEN}&range=1h`);
    try {
      const ready = await away.waitForRow(CLUSTER, (row) => row.status === 'Live' && row.coresUsed === CORES_USED && row.history !== null, 180_000, 'live data');
      const seconds = await interval();
      const from = now();
      const wentOfflineAt = Date.now();
      await network.offline(away.context);
      const offline = await away.waitForRow(CLUSTER, (row) => row.status === 'Gateway unreachable', left(wentOfflineAt, seconds), 'the browser offline');
      assert.match(offline.detail, /offline/);
      assert.equal(offline.coresUsed, CORES_USED, 'the last data stays on show');
      // The gateway goes on recording while the browser is away.
      await holdFault(from, seconds);
      const to = now();
      const backAt = Date.now();
      await network.online(away.context);
      await away.waitForRow(CLUSTER, (row) => row.status === 'Live', left(backAt, seconds), 'live data again');
      // What the gateway recorded meanwhile reaches the chart: every minute of the offline time is drawn.
      const recorded = [...(await history()).keys()].filter((time) => time > from && time < to);
      assert.ok(recorded.length > 0, 'the gateway recorded while the browser was offline');
      await until('the offline minutes drawn', left(backAt, seconds), async () => (await away.row(CLUSTER))!, (reading) =>
        recorded.every((time) => {
          const step = reading.history?.times.findLastIndex((start) => start <= time) ?? -1;
          return step >= 0 && reading.history!.series.some((series) => series.values[step] !== null);
        }),
      );
      await checkChart(away);
      assertStillDrawn(ready.history!, (await away.row(CLUSTER))!.history!);
      assert.deepEqual(away.problems.filter((problem) => !/ERR_INTERNET_DISCONNECTED/.test(problem)), []);
    } finally {
      await away.close();
      await network.close();
    }
  });

  test('no errors in the gateway\'s log and none in the page through all of it', () => {
    assert.deepEqual(gateway.errors(), []);
    assert.deepEqual(dashboard.problems, []);
  });
});
