/**
 * The real gateway for the worker's browser tests: `startGateway` of gateway/server.ts with two
 * simulated agents (`webstat-agent simulate` child processes, real ZeroMQ, one collection a
 * second) and SQLite history in a temporary directory; a WebSocketTap in front of it for the
 * worker (drops, injected frames, connection counts); a ReferenceClient straight to it for what
 * the tests compare with.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GatewayConfig } from '../../gateway/config/config-types.ts';
import { SimulatedAgent } from '../../gateway/demo/simulated-agent.ts';
import { startGateway, type RunningGateway } from '../../gateway/server.ts';
import type { Snapshot } from '../../protocol/model.ts';
import { ReferenceClient, type ReferencePoint } from './reference-client.ts';
import { binaryFrame, WebSocketTap } from './websocket-tap.ts';

export const POLL_SECONDS = 1;
/** A token the gateway knows (anonymous pages get the `jobs` level too). */
export const TEST_TOKEN = 'worker-tests-token';
/** An agent that does not answer within this is unreachable (the default waits 5 s at least). */
const GATEWAY_OPTIONS = { poller: { requestTimeoutMs: 1500 } };

const CLUSTERS = [
  { name: 'alpha', label: 'Alpha (PBS Pro)', flavour: 'pbspro' as const, jobs: 400, nodes: 40, users: 14, groups: 4, seed: 11, flaky: false },
  { name: 'beta', label: 'Beta (Torque)', flavour: 'torque' as const, jobs: 150, nodes: 16, users: 8, groups: 3, seed: 22, flaky: false },
];

/** Not a frame any decoder accepts: a delta on a stream that no join ever started. */
const BAD_FRAME = new Uint8Array([1, 0x04, 0x01, 3, 0x6e, 0x6f, 0x70, 0xff, 0xff]);

async function until<T>(check: () => T | undefined, ms: number, what: string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`test gateway: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export class RealGateway {
  private gateway: RunningGateway | null;
  private gatewayPort: number;
  private readonly frozen = new Set<string>();

  private constructor(
    private readonly config: GatewayConfig,
    private readonly directory: string,
    private readonly agents: Map<string, SimulatedAgent>,
    gateway: RunningGateway,
    private readonly tap: WebSocketTap,
    private readonly reference: ReferenceClient,
  ) {
    this.gateway = gateway;
    this.gatewayPort = gateway.port;
  }

  static async start(origins: string[]): Promise<RealGateway> {
    const directory = mkdtempSync(join(tmpdir(), 'webstat-worker-tests-'));
    const agents = new Map<string, SimulatedAgent>();
    try {
      for (const agent of await Promise.all(CLUSTERS.map((cluster) => SimulatedAgent.start(cluster, POLL_SECONDS)))) agents.set(agent.cluster.name, agent);
      const config: GatewayConfig = {
        file: '(worker tests)',
        listen: { host: '127.0.0.1', port: 0 },
        pollInterval: POLL_SECONDS,
        allowedOrigins: origins,
        tokens: [{ name: 'worker-tests', token: TEST_TOKEN, clusters: '*', level: 'jobs', pseudonyms: false, top: 10 }],
        anonymous: { clusters: '*', level: 'jobs', pseudonyms: false, top: 10 },
        trustedProxy: null,
        database: join(directory, 'history.sqlite'),
        retention: { rawHours: 48, fiveMinuteDays: 30, hourlyDays: 730 },
        site: null,
        clusters: CLUSTERS.map((cluster) => ({
          name: cluster.name,
          label: cluster.label,
          pollInterval: POLL_SECONDS,
          agent: { kind: 'direct' as const, url: agents.get(cluster.name)!.endpoint },
        })),
      };
      const gateway = await startGateway(config, GATEWAY_OPTIONS);
      let fixture: RealGateway | null = null;
      // The worker reaches the gateway through the tap, the reference client directly; both follow
      // the gateway to the port it listens on after a restart.
      const tap = await WebSocketTap.start(() => fixture!.gatewayPort);
      const reference = new ReferenceClient(() => `ws://127.0.0.1:${fixture!.gatewayPort}/ws`, origins[0]!, CLUSTERS.map((c) => c.name), POLL_SECONDS);
      fixture = new RealGateway(config, directory, agents, gateway, tap, reference);
      reference.start();
      await until(() => (CLUSTERS.every((c) => reference.latest.has(c.name)) ? true : undefined), 60_000, 'the first snapshots');
      return fixture;
    } catch (error) {
      await Promise.all([...agents.values()].map((agent) => agent.stop()));
      rmSync(directory, { recursive: true, force: true });
      throw error;
    }
  }

  info() {
    return { url: `ws://127.0.0.1:${this.tap.port}/ws`, accepted: this.tap.accepted, open: this.tap.open, pollSeconds: POLL_SECONDS, token: TEST_TOKEN };
  }

  /** Waits for `polls` more collections of the cluster (thawing its agent if it was frozen). */
  async step(cluster: string, polls: number): Promise<{ seq: number; time: number }> {
    if (this.frozen.delete(cluster)) this.agents.get(cluster)!.thaw();
    const from = this.reference.latest.get(cluster)!.seq;
    const snapshot = await until(() => {
      const latest = this.reference.latest.get(cluster)!;
      return latest.seq >= from + polls && latest.status.health === 'ok' ? latest : undefined;
    }, 30_000 + polls * 2_000, `${polls} polls of ${cluster}`);
    return { seq: snapshot.seq, time: snapshot.time };
  }

  /** Freezes the cluster's agent until the gateway says it is unreachable. */
  async unreachable(cluster: string): Promise<{ seq: number; time: number }> {
    this.agents.get(cluster)!.freeze();
    this.frozen.add(cluster);
    await until(() => (this.reference.statuses.get(cluster)?.health === 'unreachable' ? true : undefined), 60_000, `${cluster} unreachable`);
    const latest = this.reference.latest.get(cluster)!;
    return { seq: latest.seq, time: latest.time };
  }

  snapshot(cluster: string, seq?: number): Snapshot {
    const snapshot = seq === undefined ? this.reference.latest.get(cluster) : this.reference.bySeq.get(cluster)?.get(seq);
    if (!snapshot) throw new Error(`the reference client holds no snapshot ${seq ?? ''} of ${cluster}`);
    return snapshot;
  }

  points(cluster: string): ReferencePoint[] {
    return this.reference.sortedPoints(cluster);
  }

  drop(): number {
    return this.tap.dropAll();
  }

  badFrame(): number {
    return this.tap.inject(binaryFrame(BAD_FRAME));
  }

  /** Stops the gateway, and starts it again `downMs` later with the same database (on a port of
   * its own: the tap in front keeps the address the worker knows). */
  async restart(downMs: number): Promise<void> {
    const gateway = this.gateway;
    this.gateway = null;
    await gateway?.close();
    const start = (attempt: number) => {
      startGateway(this.config, GATEWAY_OPTIONS).then(
        (started) => {
          this.gateway = started;
          this.gatewayPort = started.port;
        },
        (error: unknown) => {
          if (attempt >= 20) throw error;
          setTimeout(() => start(attempt + 1), 250);
        },
      );
    };
    setTimeout(() => start(1), downMs);
  }

  async close(): Promise<void> {
    this.reference.close();
    await this.tap.close();
    await this.gateway?.close();
    for (const cluster of this.frozen) this.agents.get(cluster)?.thaw();
    await Promise.all([...this.agents.values()].map((agent) => agent.stop()));
    rmSync(this.directory, { recursive: true, force: true });
  }
}
