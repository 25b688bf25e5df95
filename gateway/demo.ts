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
import { DEFAULT_HISTORY_HOURS, DemoHistoryFill } from './demo/demo-history.ts';
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
  /** How long each agent may take to start (default 60 s; `WEBSTAT_DEMO_AGENT_START_TIMEOUT`). */
  agentStartTimeoutMs?: number;
  /** Tests: this cluster's agent hangs at start (`WEBSTAT_DEMO_HANG_AGENT`), see AgentStartOptions. */
  hangAgent?: string;
  /** Hours of past history filled at start (default 24, 0 for none): demo/demo-history.ts. */
  historyHours?: number;
  log?: Logger;
}

/**
 * The demo's two settings for tests and slow machines, from the environment (the command line is
 * for what a person trying the demo needs): `WEBSTAT_DEMO_AGENT_START_TIMEOUT` (seconds) and
 * `WEBSTAT_DEMO_HANG_AGENT` (a cluster name). A timeout that is not a positive number is an error.
 */
export function demoEnvironmentOptions(env: NodeJS.ProcessEnv): Pick<DemoOptions, 'agentStartTimeoutMs' | 'hangAgent'> {
  const options: Pick<DemoOptions, 'agentStartTimeoutMs' | 'hangAgent'> = {};
  const timeout = env.WEBSTAT_DEMO_AGENT_START_TIMEOUT;
  if (timeout !== undefined && timeout !== '') {
    const seconds = Number(timeout);
    if (!Number.isFinite(seconds) || seconds <= 0) {
      throw Object.assign(new Error(`WEBSTAT_DEMO_AGENT_START_TIMEOUT must be a positive number of seconds, not '${timeout}'`), { code: 'bad-environment' });
    }
    options.agentStartTimeoutMs = seconds * 1000;
  }
  if (env.WEBSTAT_DEMO_HANG_AGENT) options.hangAgent = env.WEBSTAT_DEMO_HANG_AGENT;
  return options;
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

/**
 * Starts every simulated agent at once. When one fails (`agent-start-failed`: it exited, could not
 * run, or did not listen in time), the starts still under way are given up, the agents already
 * listening are stopped, and the first failure is thrown: the demo then exits non-zero with no
 * agent left behind.
 */
async function startAgents(options: DemoOptions, fill: DemoHistoryFill | null): Promise<SimulatedAgent[]> {
  const clusters = demoClusters(options.clusters);
  if (options.hangAgent !== undefined && !clusters.some((cluster) => cluster.name === options.hangAgent)) {
    throw Object.assign(new Error(`WEBSTAT_DEMO_HANG_AGENT names no cluster of this demo: '${options.hangAgent}' (${clusters.map((c) => c.name).join(', ')})`), { code: 'bad-environment' });
  }
  const giveUp = new AbortController();
  const starts = clusters.map((cluster) =>
    SimulatedAgent.start(cluster, options.intervalSeconds, {
      signal: giveUp.signal,
      hang: cluster.name === options.hangAgent,
      ...(fill ? { warmUp: { steps: fill.steps, onFrame: (frame: Uint8Array) => fill.add(cluster.name, frame) } } : {}),
      ...(options.agentStartTimeoutMs !== undefined ? { timeoutMs: options.agentStartTimeoutMs } : {}),
    }).catch((error: unknown) => {
      giveUp.abort();
      throw error;
    }),
  );
  const settled = await Promise.allSettled(starts);
  const started = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (!failed) return started;
  options.log?.error(
    { code: 'agent-start-failed', err: failed.reason, stopping: started.map((agent) => agent.cluster.name) },
    'a simulated agent did not start: stopping the agents that did',
  );
  await Promise.all(started.map((agent) => agent.stop()));
  throw failed.reason;
}

export async function startDemo(given: DemoOptions): Promise<RunningDemo> {
  // The environment's settings apply unless the caller gave its own.
  const options: DemoOptions = { ...demoEnvironmentOptions(process.env), ...given };
  const dir = mkdtempSync(join(tmpdir(), 'webstat-demo-'));
  const agents: SimulatedAgent[] = [];
  const intervals: NodeJS.Timeout[] = [];
  const thawTimers = new Map<SimulatedAgent, NodeJS.Timeout>();
  let gateway: RunningGateway | null = null;
  const database = join(dir, 'history.sqlite');
  const retention = { rawHours: 48, fiveMinuteDays: 30, hourlyDays: 730 };
  // Filled while the agents start (they print their past before they listen).
  const historyHours = options.historyHours ?? DEFAULT_HISTORY_HOURS;
  let fill: DemoHistoryFill | null = null;
  const close = async () => {
    fill?.close();
    for (const timer of intervals) clearInterval(timer);
    for (const timer of thawTimers.values()) clearTimeout(timer);
    await gateway?.close();
    await Promise.all(agents.map((agent) => agent.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    if (historyHours > 0) fill = new DemoHistoryFill(database, retention, historyHours);
    agents.push(...(await startAgents(options, fill)));
    fill?.finish(agents.map((agent) => agent.cluster.name));
    const token = `demo-${randomBytes(12).toString('hex')}`;
    const config: GatewayConfig = {
      file: '(demo)',
      listen: { host: options.host, port: options.port },
      pollInterval: options.intervalSeconds,
      allowedOrigins: [],
      tokens: [{ name: 'demo-jobs', token, clusters: '*', level: 'jobs', pseudonyms: false, top: 10 }],
      anonymous: { clusters: '*', level: 'users', pseudonyms: true, top: 10 },
      trustedProxy: null,
      database,
      retention,
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
