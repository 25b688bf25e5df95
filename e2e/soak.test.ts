/**
 * The bounded soak of issue 7: 20 simulated clusters (`webstat-agent simulate`, real ZeroMQ, real
 * parsers) polled every second by the built gateway, 1,000 WebSocket clients in a separate process
 * speaking the real protocol (every frame decoded, every delta applied, the sequence chain
 * checked), for 5 minutes. It must end with no errors (no bad frame, no close the clients did not
 * ask for, no error in the gateway's log, every client caught up with every cluster it follows),
 * and with the gateway's memory flat after warm-up: its RSS in minute 5 less than 10% above its
 * RSS in the minute after the first (sampled from /proc every 2 s, the median of each minute).
 *
 * The clients are a mix an HPC site would see: dashboards of staff (every cluster, `users` level,
 * with a token), wall displays (five clusters each, the anonymous `summary` level) and wiki pages
 * (one cluster each, `summary`). WEBSTAT_SOAK_SECONDS shortens the run for a quick look (the
 * memory check then compares the second fifth with the last).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { DemoCluster } from '../gateway/demo/demo-clusters.ts';
import type { SimulatedAgent } from '../gateway/demo/simulated-agent.ts';
import { builtSystem } from './harness/built-system.ts';
import { ClientCrowd, type ClientPlan } from './harness/client-crowd.ts';
import { GatewayProcess } from './harness/gateway-process.ts';

const CLUSTERS = 20;
const CLIENTS = 1000;
const SOAK_SECONDS = Number(process.env.WEBSTAT_SOAK_SECONDS ?? 300);
const WARM_UP_SECONDS = SOAK_SECONDS / 5;
const RSS_SAMPLE_MS = 2_000;
const TOKEN = 'e2e-soak-staff-token-0123456789';
const FLAVOURS = ['pbspro', 'torque', 'openpbs'] as const;

const clusters: DemoCluster[] = Array.from({ length: CLUSTERS }, (_, i) => ({
  name: `soak-${String(i + 1).padStart(2, '0')}`,
  label: `Soak ${i + 1}`,
  flavour: FLAVOURS[i % FLAVOURS.length]!,
  // Small clusters: twenty agents collecting every second share the machine with the gateway.
  jobs: 100 + 10 * i,
  nodes: 10 + i,
  users: 8 + (i % 8),
  groups: 3 + (i % 4),
  seed: 7000 + i,
  flaky: false,
}));

/** Every 20th client a staff dashboard, every 5th a wall display, the rest wiki pages. */
function plan(): ClientPlan[] {
  const names = clusters.map((cluster) => cluster.name);
  return Array.from({ length: CLIENTS }, (_, i) => {
    if (i % 20 === 0) return { clusters: names, level: 'users', withToken: true };
    if (i % 5 === 0) return { clusters: Array.from({ length: 5 }, (_, k) => names[(i + k) % CLUSTERS]!), level: 'summary', withToken: false };
    return { clusters: [names[i % CLUSTERS]!], level: 'summary', withToken: false };
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

let dir: string;
let agents: SimulatedAgent[] = [];
let gateway: GatewayProcess;
let crowd: ClientCrowd | null = null;

describe(`soak: ${CLUSTERS} clusters polled every second, ${CLIENTS} clients, ${SOAK_SECONDS} s`, { timeout: (SOAK_SECONDS + 600) * 1000 }, () => {
  before(async () => {
    const system = await builtSystem();
    dir = mkdtempSync(join(tmpdir(), 'webstat-e2e-soak-'));
    // The demo's agent launcher, from the build: the agents run dist/agent/cli.js.
    const { SimulatedAgent: Agent } = (await import(pathToFileURL(join(system.root, 'dist/gateway/demo/simulated-agent.js')).href)) as typeof import('../gateway/demo/simulated-agent.ts');
    agents = await Promise.all(clusters.map((cluster) => Agent.start(cluster, 1)));
    gateway = await GatewayProcess.start({
      system,
      dir,
      config: {
        pollInterval: 1,
        anonymous: { level: 'summary', pseudonyms: true, top: 10 },
        tokens: [{ name: 'staff', token: TOKEN, level: 'users', pseudonyms: false }],
        clusters: agents.map((agent) => ({ name: agent.cluster.name, label: agent.cluster.label, agent: { url: agent.endpoint } })),
      },
    });
    const deadline = Date.now() + 180_000;
    while ((await gateway.health()).some((cluster) => cluster.seq === 0)) {
      if (Date.now() > deadline) throw new Error('not every cluster has data after 3 minutes');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  });

  after(async () => {
    await crowd?.stop();
    await gateway?.stop();
    await Promise.all(agents.map((agent) => agent.stop()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('no errors, every client caught up, and the gateway’s memory flat after warm-up', async (t) => {
    const started = await ClientCrowd.start(gateway.url, TOKEN, plan());
    crowd = started.crowd;
    assert.deepEqual(started.failed, []);
    assert.equal(started.connected, CLIENTS);

    const seqsAtStart = new Map((await gateway.health()).map((cluster) => [cluster.name, cluster.seq]));
    const soakStart = Date.now();
    const rss: Array<{ at: number; bytes: number }> = [];
    while (Date.now() - soakStart < SOAK_SECONDS * 1000) {
      rss.push({ at: (Date.now() - soakStart) / 1000, bytes: gateway.rssBytes() });
      assert.ok(gateway.running, 'the gateway is running');
      await new Promise((resolve) => setTimeout(resolve, RSS_SAMPLE_MS));
    }
    rss.push({ at: (Date.now() - soakStart) / 1000, bytes: gateway.rssBytes() });

    // Every client holds what the gateway holds now, for every cluster it follows.
    const health = await gateway.health();
    const seqs = Object.fromEntries(health.map((cluster) => [cluster.name, cluster.seq]));
    const published = health.map((cluster) => cluster.seq - seqsAtStart.get(cluster.name)!);
    t.diagnostic(`updates published per cluster: ${Math.min(...published)} to ${Math.max(...published)} in ${SOAK_SECONDS} s; collections took ${median(health.map((cluster) => cluster.durationMs ?? 0))} ms (median of the last)`);
    assert.ok(published.every((count) => count > 0), 'every cluster changed during the soak');
    assert.deepEqual(await crowd.catchUp(seqs, 120_000), []);
    const report = await crowd.report();
    t.diagnostic(`frames ${report.frames}, deltas ${report.deltas}, ${(report.bytes / 2 ** 20).toFixed(1)} MiB, resyncs ${report.resyncs}`);
    assert.deepEqual(report.problems, []);
    assert.equal(report.problemCount, 0);
    assert.equal(report.open, CLIENTS);
    assert.ok(report.deltas >= CLIENTS * (SOAK_SECONDS / 10), `only ${report.deltas} deltas applied`);

    const metrics = await (await fetch(new URL('metrics', gateway.url))).text();
    assert.match(metrics, new RegExp(`^webstat_connected_clients ${CLIENTS}$`, 'm'));
    assert.doesNotMatch(metrics, /^webstat_bad_client_frames_total\{/m, 'no client frame refused');
    assert.doesNotMatch(metrics, /^webstat_refused_connections_total\{/m, 'no client refused');
    assert.deepEqual(gateway.errors(), []);

    // Minute 2 against minute 5, each the median of its samples: garbage collection makes RSS
    // saw up and down by several percent within a minute, which is not growth.
    const during = (from: number, to: number) => median(rss.filter((sample) => sample.at >= from && sample.at <= to).map((sample) => sample.bytes));
    const warm = during(WARM_UP_SECONDS, 2 * WARM_UP_SECONDS);
    const end = during(SOAK_SECONDS - WARM_UP_SECONDS, SOAK_SECONDS);
    const growth = (end - warm) / warm;
    t.diagnostic(`gateway RSS ${(warm / 2 ** 20).toFixed(1)} MiB over ${WARM_UP_SECONDS}–${2 * WARM_UP_SECONDS} s, ${(end / 2 ** 20).toFixed(1)} MiB over the last ${WARM_UP_SECONDS} s: ${(growth * 100).toFixed(1)}%`);
    t.diagnostic(`RSS MiB every 30 s: ${rss.filter((_, i) => i % 15 === 0).map((sample) => (sample.bytes / 2 ** 20).toFixed(0)).join(' ')}`);
    assert.ok(growth < 0.1, `the gateway's RSS grew ${(growth * 100).toFixed(1)}% after warm-up`);
  });
});
