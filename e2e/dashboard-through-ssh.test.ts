/**
 * The whole system as deployed, on real parts: two login nodes (a real OpenSSH sshd each, with the
 * agent behind it on loopback running fake qstat/pbsnodes that print real scheduler outputs), the
 * built gateway (`webstat gateway --config`) reaching each agent only through its SSH tunnel with
 * known_hosts checked, the built site served by the gateway, and Chromium on the dashboard. The
 * numbers a person reads there must be those of the fixture text, read off it by hand below, and
 * follow the scripted evolution (a job finishing).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { builtSystem } from './harness/built-system.ts';
import { DashboardPage, launchChromium, type RowReading } from './harness/dashboard-page.ts';
import { PBSPRO_JOBS, pbsproScript, torqueScript, withoutJob } from './harness/fixture-scripts.ts';
import { GatewayProcess } from './harness/gateway-process.ts';
import { LoginNode } from './harness/login-node.ts';

const POLL_SECONDS = 2;
const TOKEN = 'e2e-users-token-0123456789abcdef';
/** Generous: the first collections, the tunnels and the first paint on a busy machine. */
const FIRST_DATA_MS = 120_000;

let dir: string;
let pbspro: LoginNode;
let torque: LoginNode;
let gateway: GatewayProcess;
let browser: Browser;
let dashboard: DashboardPage;

/** The figures of a row a person compares with the scheduler's own listing. */
function figures(row: RowReading) {
  return {
    cores: [row.coresUsed, row.coresTotal],
    jobs: { running: row.jobs.running, queued: row.jobs.queued, held: row.jobs.held },
    up: row.nodes.up,
    users: row.users.filter((user) => user.running > 0).map((user) => [user.name, user.running]),
  };
}

describe('the dashboard in Chromium, fed through real sshd tunnels by agents on fake schedulers', { timeout: 600_000 }, () => {
  before(async () => {
    const system = await builtSystem();
    dir = mkdtempSync(join(tmpdir(), 'webstat-e2e-dashboard-'));
    const common = { system, dir, intervalSeconds: POLL_SECONDS, commandTimeoutSeconds: 20, pollIntervalSeconds: POLL_SECONDS };
    pbspro = await LoginNode.start({ ...common, cluster: 'epfl', label: 'EPFL (PBS Pro 12)', flavour: 'pbspro', script: pbsproScript() });
    torque = await LoginNode.start({ ...common, cluster: 'lisa', label: 'Lisa (Torque)', flavour: 'torque', script: torqueScript() });
    gateway = await GatewayProcess.start({
      system,
      dir,
      config: {
        pollInterval: POLL_SECONDS,
        tokens: [{ name: 'staff', token: TOKEN, level: 'users', pseudonyms: false }],
        anonymous: { level: 'summary' },
        clusters: [pbspro.gatewayEntry(), torque.gatewayEntry()],
      },
    });
    browser = await launchChromium();
    dashboard = await DashboardPage.open(browser, `${gateway.url}?token=${TOKEN}&range=1h`);
  });

  after(async () => {
    await dashboard?.close();
    await browser?.close();
    await gateway?.stop();
    await pbspro?.close();
    await torque?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the PBS Pro row shows what qstat -f and pbsnodes -a say', async () => {
    const row = await dashboard.waitForRow('epfl', (one) => one.status === 'Live' && one.coresUsed !== null, FIRST_DATA_MS, 'live data');
    // qstat_f_aiida_epfl_pbspro.txt, by hand: 69301 (user02) R on exec_host b141/0*16+b142/0*16+
    // b143/0*16+b144/0*16 = 64 cores; 74164 (user3) R on b270/0*16+b275/0*16 = 32 cores;
    // 68350 and 68351 (usernum1) Q; 69302 (user02) and 74165 (user3) H.
    // pbsnodes_av_alcf_edge.txt: one node, aps-edge-dev-04, state free, resources_available.ncpus 128.
    assert.deepEqual(figures(row), {
      cores: [96, 128],
      jobs: { running: 2, queued: 2, held: 2 },
      up: 1,
      users: [
        ['user02', 64],
        ['user3', 32],
      ],
    });
  });

  test('the Torque row shows what qstat -x and pbsnodes -x say', async () => {
    const row = await dashboard.waitForRow('lisa', (one) => one.status === 'Live' && one.coresUsed !== null, FIRST_DATA_MS, 'live data');
    // qstat_x_xenon_lisa_surfsara_prettyprinted.txt, by hand: 8938236 (lma410) R with 96
    // exec_host entries (12 slots on each of r13n3, r13n4, r13n8, r13n13, r13n16, r13n17, r13n21,
    // r13n30); 8941161 and 8941948 (ajlicup) R on r41n6/0 and r25n14/0; 8942464 (rrens) R on
    // r40n29/0; 8921165 and 8931330 (mattiaf) and 8954523 (cdeleeuw) Q.
    // pbsnodes_x_uidaho_fortytwo.txt: n061 and n062, np 8 each, job-exclusive.
    assert.deepEqual(figures(row), {
      cores: [99, 16],
      jobs: { running: 4, queued: 3, held: 0 },
      up: 2,
      users: [
        ['lma410', 96],
        ['ajlicup', 2],
        ['rrens', 1],
      ],
    });
  });

  test('a job that finishes leaves the row: the scripted evolution reaches the page', async () => {
    // Job 74164 (user3, 32 cores) ends: the next qstat -f no longer lists it.
    pbspro.agent.scheduler.script(pbsproScript(pbspro.agent.scheduler.file('qstat-f-after.txt', withoutJob(PBSPRO_JOBS, '74164.mycluster'))));
    const row = await dashboard.waitForRow('epfl', (one) => one.coresUsed === 64, FIRST_DATA_MS, 'the job gone');
    assert.deepEqual(figures(row), {
      cores: [64, 128],
      jobs: { running: 1, queued: 2, held: 2 },
      up: 1,
      users: [['user02', 64]],
    });
    assert.equal(row.status, 'Live');
  });

  test('the gateway reached each agent only through its sshd, and the page had no errors', async () => {
    for (const node of [pbspro, torque]) {
      // sshd opened the forwarding channels to the agent's loopback port itself.
      assert.match(node.sshd.log, new RegExp(`target 127\\.0\\.0\\.1 port ${node.agent.agentPort}`), `${node.cluster}: no forward through sshd`);
      assert.equal((await gateway.clusterHealth(node.cluster)).status, 'ok');
    }
    assert.deepEqual(gateway.errors(), []);
    assert.deepEqual(dashboard.problems, []);
  });
});
