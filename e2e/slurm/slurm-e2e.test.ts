/**
 * Issue 8 end to end: a real Slurm (slurm-cluster.ts) beside a PBS Professional cluster, each
 * behind a real OpenSSH sshd with the built agent on its loopback, the built gateway reaching both
 * through SSH tunnels, and Chromium on the dashboard. Two local users submit real sbatch jobs; the
 * gateway shows each user's running and pending cores, the jobs finish, and the history shows it;
 * the grid shows the PBS and the Slurm rows side by side, each naming its scheduler.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { HistoryBlock } from '../../protocol/history.ts';
import type { Snapshot, Usage } from '../../protocol/model.ts';
import { builtSystem } from '../harness/built-system.ts';
import { DashboardPage, launchChromium } from '../harness/dashboard-page.ts';
import { pbsproScript } from '../harness/fixture-scripts.ts';
import { GatewayProcess } from '../harness/gateway-process.ts';
import { LoginNode } from '../harness/login-node.ts';
import { ProtocolClient } from '../harness/protocol-client.ts';
import { startSlurmCluster, type SlurmCluster } from './slurm-cluster.ts';
import { SlurmLoginNode } from './slurm-login-node.ts';
import { waitUntil } from './wait-until.ts';

const SECONDS = 2;
const TOKEN = 'e2e-slurm-token-0123456789abcdef';
/** Generous: the build, the first collections and tunnels on a busy machine. */
const FIRST_DATA_MS = 120_000;

let dir: string;
let slurm: SlurmCluster;
let slurmNode: SlurmLoginNode;
let pbspro: LoginNode;
let gateway: GatewayProcess;
let client: ProtocolClient;
let browser: Browser;
let dashboard: DashboardPage;
const jobs: Record<string, string> = {};

function snapshot(): Snapshot | null {
  return client.clusters.get('slurm')?.snapshot ?? null;
}

function users(): Map<string, Usage> {
  return new Map((snapshot()?.summary.users ?? []).map((row) => [row.name, row]));
}

async function waitForSnapshot(accept: (snapshot: Snapshot) => boolean, what: string): Promise<Snapshot> {
  await waitUntil(() => snapshot() !== null && accept(snapshot()!), { timeoutMs: FIRST_DATA_MS, what: `the gateway to show ${what}` }).catch((error: Error) => {
    throw new Error(`${error.message}; it shows ${JSON.stringify(snapshot()?.summary.users)} (${JSON.stringify(snapshot()?.status)})`);
  });
  return snapshot()!;
}

/** The per-poll values of one user's metric, oldest first, 0 where the series has no sample. */
function userSeries(blocks: readonly HistoryBlock[], user: string, metric: 'coresRunning' | 'coresQueued'): number[] {
  const values: number[] = [];
  for (const block of blocks) {
    if (block.cluster !== 'slurm' || block.step >= 300) continue;
    const series = block.series.find((one) => one.dimension === 'user' && one.name === user);
    block.times.forEach((_, index) => {
      const at = series ? series.at.indexOf(index) : -1;
      values.push(at < 0 ? 0 : series!.values[metric][at]!);
    });
  }
  return values;
}

describe('a real Slurm beside PBS, through SSH tunnels, the gateway and the dashboard', { timeout: 900_000 }, () => {
  before(async () => {
    const system = await builtSystem();
    dir = mkdtempSync(join(tmpdir(), 'webstat-e2e-slurm-'));
    slurm = await startSlurmCluster();
    slurmNode = await SlurmLoginNode.start({ system, slurm, dir, cluster: 'slurm', label: 'Slurm test cluster', intervalSeconds: SECONDS, pollIntervalSeconds: SECONDS });
    pbspro = await LoginNode.start({
      system,
      dir,
      cluster: 'epfl',
      label: 'EPFL (PBS Pro 12)',
      flavour: 'pbspro',
      script: pbsproScript(),
      intervalSeconds: SECONDS,
      commandTimeoutSeconds: 20,
      pollIntervalSeconds: SECONDS,
    });
    gateway = await GatewayProcess.start({
      system,
      dir,
      config: {
        pollInterval: SECONDS,
        tokens: [{ name: 'staff', token: TOKEN, level: 'users', pseudonyms: false }],
        anonymous: { level: 'summary' },
        clusters: [pbspro.gatewayEntry(), slurmNode.gatewayEntry()],
      },
    });
    client = new ProtocolClient({ url: gateway.url, token: TOKEN, subscriptions: [{ cluster: 'slurm', level: 'users' }] });
    await client.connect();
    browser = await launchChromium();
    dashboard = await DashboardPage.open(browser, `${gateway.url}?token=${TOKEN}&range=1h`);
  });

  after(async () => {
    client?.close();
    await dashboard?.close();
    await browser?.close();
    await gateway?.stop();
    await slurmNode?.close();
    await pbspro?.close();
    await slurm?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('an idle Slurm reaches the gateway as a Slurm cluster', async () => {
    const first = await waitForSnapshot((one) => one.status.health === 'ok', 'live data');
    assert.equal(first.scheduler.kind, 'slurm');
    assert.equal(first.scheduler.flavour, 'slurm');
    assert.match(first.scheduler.version ?? '', /^\d+\.\d+\.\d+/, 'found by sinfo --version');
    assert.equal(first.summary.coresTotal, slurm.cpus);
    assert.equal(first.summary.coresUsed, 0);
  });

  test('each user’s running and pending cores, as submitted', async () => {
    // The node's cores all taken (webstat-a one, webstat-b the rest, under an account), then one
    // job each that must wait.
    jobs.runA = await slurm.submit('webstat-a', { cpus: 1, seconds: 40, name: 'run-a' });
    jobs.runB = await slurm.submit('webstat-b', { cpus: slurm.cpus - 1, seconds: 40, name: 'run-b', account: 'physics' });
    await slurm.waitForJob(jobs.runA, (state) => state === 'RUNNING');
    await slurm.waitForJob(jobs.runB, (state) => state === 'RUNNING');
    jobs.waitA = await slurm.submit('webstat-a', { cpus: 2, seconds: 8, name: 'wait-a' });
    jobs.waitB = await slurm.submit('webstat-b', { cpus: 1, seconds: 8, name: 'wait-b', partition: 'short' });

    await waitForSnapshot(() => users().get('webstat-a')?.coresQueued === 2 && users().get('webstat-b')?.coresQueued === 1, 'the pending jobs');
    const rows = users();
    assert.deepEqual(
      [rows.get('webstat-a')?.coresRunning, rows.get('webstat-a')?.coresQueued, rows.get('webstat-b')?.coresRunning, rows.get('webstat-b')?.coresQueued],
      [1, 2, slurm.cpus - 1, 1],
    );
    const groups = new Map(snapshot()!.summary.groups.map((row) => [row.name, row]));
    assert.equal(groups.get('physics')?.coresRunning, slurm.cpus - 1, 'the account is the group');
    assert.equal(groups.get('webstat-a')?.coresRunning, 1, 'no account: the Unix group');
    assert.equal(snapshot()!.summary.coresUsed, slurm.cpus);
    assert.equal(snapshot()!.summary.jobs.queued, 2);
  });

  test('the dashboard shows the Slurm row beside the PBS one, each naming its scheduler', async () => {
    const row = await dashboard.waitForRow('slurm', (one) => one.coresUsed === slurm.cpus && one.users.length === 2, FIRST_DATA_MS, 'the running jobs');
    assert.equal(row.status, 'Live');
    assert.deepEqual(
      row.users.map((user) => [user.name, user.running]).sort(),
      [
        ['webstat-a', 1],
        ['webstat-b', slurm.cpus - 1],
      ],
    );
    await dashboard.waitForRow('epfl', (one) => one.status === 'Live' && one.coresUsed !== null, FIRST_DATA_MS, 'live data');
    const schedulers = await dashboard.page.evaluate(() => {
      const grid = document.querySelector('webstat-dashboard')?.shadowRoot;
      return Object.fromEntries(
        ['slurm', 'epfl'].map((name) => [name, grid?.querySelector(`webstat-cluster-row[cluster="${name}"]`)?.shadowRoot?.querySelector('.scheduler')?.textContent?.trim() ?? null]),
      );
    });
    assert.match(schedulers.slurm ?? '', /^Slurm \d+\.\d+/);
    assert.match(schedulers.epfl ?? '', /^PBS Pro/);
    // Script errors a Slurm row could cause; missing files (the browser's own /favicon.ico
    // request) are the site tests' business.
    assert.deepEqual(dashboard.problems.filter((problem) => !/^Failed to load resource/.test(problem)), []);
  });

  test('the jobs finish, the gateway shows the cluster idle, and the history shows it all', async () => {
    await slurm.waitForJob(jobs.waitA!, (state) => state === undefined || state === 'COMPLETED', 180_000);
    await waitUntil(async () => (await slurm.jobStates({ finished: false })).size === 0, { timeoutMs: 120_000, what: 'every job to end' });
    await waitForSnapshot((one) => one.summary.coresUsed === 0 && one.summary.jobs.running === 0 && one.summary.jobs.queued === 0, 'the cluster idle again');

    const history = new ProtocolClient({ url: gateway.url, token: TOKEN, subscriptions: [{ cluster: 'slurm', level: 'users', historySince: null }] });
    try {
      await history.connect();
      await waitUntil(() => history.history.some((block) => block.cluster === 'slurm' && block.step < 300), { timeoutMs: 60_000, what: 'the per-poll history' });
      const runningA = userSeries(history.history, 'webstat-a', 'coresRunning');
      const queuedA = userSeries(history.history, 'webstat-a', 'coresQueued');
      // webstat-a ran one core while two waited, then ran the two, then nothing.
      const first = runningA.findIndex((value, index) => value === 1 && queuedA[index] === 2);
      assert.ok(first >= 0, `a sample with 1 running and 2 pending: ${JSON.stringify({ runningA, queuedA })}`);
      const second = runningA.indexOf(2, first);
      assert.ok(second > first, `then a sample with 2 running: ${JSON.stringify(runningA)}`);
      assert.equal(runningA.at(-1), 0);
      assert.ok(userSeries(history.history, 'webstat-b', 'coresRunning').includes(slurm.cpus - 1));
      assert.deepEqual(history.problems, []);
    } finally {
      history.close();
    }
    assert.deepEqual(client.problems, []);
  });
});
