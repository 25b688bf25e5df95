/**
 * `webstat demo`: the whole system on one machine with nothing to configure. Simulated agents
 * (demo/simulated-agent.ts) run as child processes on loopback, the gateway polls them over real
 * ZeroMQ (no SSH), keeps history in a temporary SQLite file, and serves the built site.
 *
 * Decisions for a demo: anyone on the site's own origin gets the `users` level without a token (a
 * demo has no secrets); a random `jobs` token is printed for trying the API and the job table; the
 * agents collect every few seconds (a simulated scheduler may be polled below the 15 s floor that
 * protects real ones) so the charts move while someone watches; the listen address is loopback
 * unless --host says otherwise; the temporary directory is removed on exit.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { GatewayConfig } from './config/config-types.ts';
import { demoClusters } from './demo/demo-clusters.ts';
import { SimulatedAgent } from './demo/simulated-agent.ts';
import { startGateway, type RunningGateway } from './server.ts';

export interface DemoOptions {
  host: string;
  port: number;
  clusters: number;
  /** The built site to serve, or null for none (API and WebSocket only). */
  site: string | null;
  /** Seconds between collections of each simulated agent, and between the gateway's polls. */
  intervalSeconds: number;
  /** The flaky cluster freezes for `flakyForSeconds` every `flakyEverySeconds`. */
  flakyEverySeconds: number;
  flakyForSeconds: number;
  log?: Logger;
}

export interface RunningDemo {
  url: string;
  /** A `jobs`-level token for the API and the job table. */
  token: string;
  gateway: RunningGateway;
  agents: SimulatedAgent[];
  close(): Promise<void>;
}

/** dist/site, whether this file runs compiled (dist/gateway/) or from source (gateway/). */
export function builtSiteDirectory(): string | null {
  const fromSource = import.meta.url.endsWith('.ts');
  const site = fileURLToPath(new URL(fromSource ? '../dist/site' : '../site', import.meta.url));
  return existsSync(join(site, 'index.html')) ? site : null;
}

export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const dir = mkdtempSync(join(tmpdir(), 'webstat-demo-'));
  const agents: SimulatedAgent[] = [];
  const intervals: NodeJS.Timeout[] = [];
  const thawTimers = new Map<SimulatedAgent, NodeJS.Timeout>();
  let gateway: RunningGateway | null = null;
  const close = async () => {
    for (const timer of intervals) clearInterval(timer);
    for (const timer of thawTimers.values()) clearTimeout(timer);
    await gateway?.close();
    await Promise.all(agents.map((agent) => agent.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const agent of await Promise.all(demoClusters(options.clusters).map((cluster) => SimulatedAgent.start(cluster, options.intervalSeconds)))) {
      agents.push(agent);
    }
    const token = `demo-${randomBytes(12).toString('hex')}`;
    const config: GatewayConfig = {
      file: '(demo)',
      listen: { host: options.host, port: options.port },
      pollInterval: options.intervalSeconds,
      allowedOrigins: [],
      tokens: [{ name: 'demo-jobs', token, clusters: '*', level: 'jobs', pseudonyms: false, top: 10 }],
      anonymous: { clusters: '*', level: 'users', pseudonyms: true, top: 10 },
      trustedProxy: null,
      database: join(dir, 'history.sqlite'),
      retention: { rawHours: 48, fiveMinuteDays: 30, hourlyDays: 730 },
      site: options.site,
      clusters: agents.map((agent) => ({
        name: agent.cluster.name,
        label: agent.cluster.label,
        pollInterval: options.intervalSeconds,
        agent: { kind: 'direct' as const, url: agent.endpoint },
      })),
    };
    gateway = await startGateway(config, options.log ? { log: options.log } : {});
    for (const agent of agents.filter((a) => a.cluster.flaky)) {
      intervals.push(
        setInterval(() => {
          agent.freeze();
          thawTimers.set(agent, setTimeout(() => agent.thaw(), options.flakyForSeconds * 1000));
        }, options.flakyEverySeconds * 1000),
      );
    }
    return { url: `${gateway.url}/`, token, gateway, agents, close };
  } catch (error) {
    await close();
    throw error;
  }
}
