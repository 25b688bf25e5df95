// The whole gateway on real parts: a simulated agent process (`webstat-agent simulate`, real
// ZeroMQ, real parsers), the real pollers and SQLite history, uWebSockets.js, and `ws` clients.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Snapshot } from '../protocol/model.ts';
import { UNKNOWN_GROUP } from '../protocol/summary.ts';
import type { GatewayConfig } from './config/config-types.ts';
import { SimulatedAgent } from './demo/simulated-agent.ts';
import { startGateway, type RunningGateway } from './server.ts';
import { ADMIN_TOKEN, testConfig } from './testing/test-config.ts';
import { until } from './testing/until.ts';
import { connect, type Connected } from './testing/ws-test-client.ts';

const dir = mkdtempSync(join(tmpdir(), 'webstat-gateway-'));
let agent: SimulatedAgent;
let config: GatewayConfig;
let gateway: RunningGateway | null = null;
const clients: Connected[] = [];

async function client(token: string | null, level: 'jobs' | 'summary', since: { sinceSeq?: number; historySince?: number | null } = {}): Promise<Connected> {
  const c = await connect(`ws://127.0.0.1:${gateway!.port}/ws`);
  clients.push(c);
  c.hello(token, [{ cluster: 'wren', level, ...since }]);
  return c;
}

async function healthz(): Promise<{ clusters: Array<{ name: string; status: string; lastOkAt: number | null; seq: number | null }> }> {
  return (await fetch(`${gateway!.url}/healthz`)).json() as never;
}

before(async () => {
  agent = await SimulatedAgent.start(
    { name: 'wren', label: 'Wren', flavour: 'pbspro', jobs: 200, nodes: 12, users: 8, groups: 3, seed: 7, flaky: false },
    1,
  );
  config = testConfig({
    database: join(dir, 'history.sqlite'),
    pollInterval: 1,
    clusters: [{ name: 'wren', label: 'Wren', pollInterval: 1, agent: { kind: 'direct', url: agent.endpoint } }],
  });
  gateway = await startGateway(config, { poller: { requestTimeoutMs: 700 } });
});

after(async () => {
  for (const c of clients) c.socket.terminate();
  await gateway?.close();
  await agent?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the gateway on a real agent', () => {
  it('streams the polled cluster to a jobs client exactly as the gateway holds it', async () => {
    const c = await client(ADMIN_TOKEN, 'jobs');
    const hub = gateway!.web.hub;
    // Two changes after the first snapshot: deltas from the real pollers apply cleanly.
    await until('three states', () => (c.client.snapshots.get('wren')?.seq ?? 0) >= (c.client.ofType('snapshot')[0]?.snapshot.seq ?? Infinity) + 2);
    const held = await until('the client to catch up', () => {
      const current = hub.cluster('wren')!.snapshot!;
      const mine = c.client.snapshots.get('wren');
      return mine && mine.seq === current.seq ? { mine, current } : null;
    });
    assert.deepEqual(held.mine, held.current);
    assert.ok(held.mine.jobs.length > 0);
  });

  it('never sends a summary client the real names the scheduler printed', async () => {
    const c = await client(null, 'jobs');
    const before = c.client.messages.length;
    await until('a few frames', () => c.client.ofType('delta').length >= 2 && c.client.messages.length > before);
    const full: Snapshot = gateway!.web.hub.cluster('wren')!.snapshot!;
    const names = [...full.summary.users.map((u) => u.name), ...full.summary.groups.map((g) => g.name), ...full.jobs.map((j) => j.name)].filter(
      (name) => name !== UNKNOWN_GROUP,
    );
    assert.ok(names.length > 10);
    assert.equal(c.client.welcome!.clusters[0]!.level, 'summary');
    const text = c.client.text;
    for (const name of new Set(names)) assert.ok(!text.includes(`"${name}"`), `leaked ${name}`);
  });

  it('reports the cluster on /healthz and /metrics', async () => {
    const report = await healthz();
    assert.equal(report.clusters[0]!.name, 'wren');
    assert.equal(report.clusters[0]!.status, 'ok');
    assert.ok(report.clusters[0]!.lastOkAt! > 1_700_000_000);
    const metrics = await (await fetch(`${gateway!.url}/metrics`)).text();
    assert.match(metrics, /^webstat_poll_duration_seconds\{cluster="wren"\} \d/m);
    assert.match(metrics, /^webstat_cluster_status\{cluster="wren",status="ok"\} 1$/m);
  });

  it('shows an agent that stops answering as unreachable, and its recovery', async () => {
    const c = await client(null, 'summary');
    await until('the snapshot', () => c.client.snapshots.get('wren'));
    agent.freeze();
    try {
      await until('a status change', () => c.client.ofType('status').some((m) => m.status.health === 'unreachable'), 15_000);
      assert.equal((await healthz()).clusters[0]!.status, 'unreachable');
      assert.equal(c.client.snapshots.get('wren')!.status.health, 'unreachable');
    } finally {
      agent.thaw();
    }
    await until('recovery', () => c.client.snapshots.get('wren')!.status.health === 'ok', 15_000);
  });

  it('resumes after a restart from what it stored, history included', async () => {
    const first = await client(null, 'summary');
    await until('history', () => first.client.ofType('history').length > 0 && first.client.snapshots.get('wren'));
    // Freeze the agent so the restarted gateway can only show what it stored.
    agent.freeze();
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const seq = gateway!.web.hub.cluster('wren')!.snapshot!.seq;
      const lastSample = Math.max(...first.client.history.flatMap((block) => block.times));
      await gateway!.close();
      gateway = await startGateway(config, { poller: { requestTimeoutMs: 700 } });
      const again = await client(null, 'summary', { sinceSeq: seq, historySince: null });
      await until('the answer', () => again.client.messages.length >= 3);
      assert.deepEqual(again.client.messages.slice(1, 3).map((m) => m.type), ['resume', 'status']);
      assert.equal(again.client.ofType('resume')[0]!.seq, seq);
      const times = again.client.history.flatMap((block) => block.times);
      assert.ok(times.includes(lastSample), 'samples from before the restart are served');
    } finally {
      agent.thaw();
    }
  });
});
