/**
 * Fan-out benchmark: the gateway's WebSocket broadcast against the usual Node choice (a minimal
 * broadcaster on the `ws` package), in the same run, on the same machine. Each server runs in its
 * own process (with --expose-gc, measured from inside); a separate client process holds the idle
 * connections (10,000 by default; WEBSTAT_FANOUT_CLIENTS changes it) and reports when the last one
 * has each burst's frame.
 *
 * Figures, per server: memory per idle client (RSS after a forced GC, with the clients connected
 * and subscribed, minus before any client came, divided by the clients); CPU per delivery (the
 * server process's user + system CPU from the publish until the last client has the frame,
 * divided by the clients; median of the bursts); burst time (publish to last receipt, read from
 * CLOCK_MONOTONIC, which every process of the machine shares).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Benchmark, Metric } from './metric.ts';
import type { FromClients, FromServer, ServerKind, ToClients, ToServer } from './fanout/fanout-messages.ts';

const CLIENTS = Number(process.env.WEBSTAT_FANOUT_CLIENTS ?? 10_000);
const WARMUP_BURSTS = 3;
const WARMUP_CLIENTS = 1000;
const MEASURED_BURSTS = 11;
const STEP_TIMEOUT_MS = 180_000;

/** Runs a sibling script as a child process: through tsx from source, directly when compiled. */
function spawnScript(name: string, args: string[], execArgv: string[] = []): ChildProcess {
  const fromSource = import.meta.url.endsWith('.ts');
  const script = fileURLToPath(new URL(`./fanout/${name}.${fromSource ? 'ts' : 'js'}`, import.meta.url));
  return fork(script, args, { execArgv: [...execArgv, ...(fromSource ? ['--import', 'tsx'] : [])], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

/** The next message of `op` from a child, or a rejection when it exits or takes too long. */
function next<M extends { op: string }, Op extends M['op']>(child: ChildProcess, op: Op): Promise<Extract<M, { op: Op }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`no '${op}' from ${child.spawnfile} within ${STEP_TIMEOUT_MS} ms`)), STEP_TIMEOUT_MS);
    const onMessage = (message: M) => {
      if (message.op === op) done(null, message as Extract<M, { op: Op }>);
    };
    const onExit = (code: number | null) => done(new Error(`child exited (${code}) while waiting for '${op}'`));
    function done(error: Error | null, message?: Extract<M, { op: Op }>) {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(message!);
    }
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

const fromServer = <Op extends FromServer['op']>(child: ChildProcess, op: Op) => next<FromServer, Op>(child, op);
const fromClients = <Op extends FromClients['op']>(child: ChildProcess, op: Op) => next<FromClients, Op>(child, op);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

interface Measured {
  held: number;
  rssKbPerClient: number;
  cpuUsPerDelivery: number;
  burstMs: number;
  frameBytes: number;
}

async function stopChild(child: ChildProcess, message: ToServer | ToClients): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.send(message);
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

async function measure(kind: ServerKind): Promise<Measured> {
  const server = spawnScript('fanout-server', [kind], ['--expose-gc']);
  let clients: ChildProcess | null = null;
  try {
    const { port } = await fromServer(server, 'listening');
    // A warm-up round of clients that come, get their first frames and leave: the baseline is then
    // a server that has run its connection code (compiled, heap grown to its working size), so the
    // difference below is what idle clients hold, not one-time growth.
    const warmup = spawnScript('fanout-clients', [String(port), String(Math.min(WARMUP_CLIENTS, CLIENTS)), kind]);
    await fromClients(warmup, 'ready');
    await stopChild(warmup, { op: 'stop' });
    await sleep(1000);
    const before = await askServer(server, 'rss');
    clients = spawnScript('fanout-clients', [String(port), String(CLIENTS), kind]);
    const ready = await fromClients(clients, 'ready');
    await sleep(500);
    const after = await askServer(server, 'rss');

    const initialFrames = kind === 'webstat' ? 2 : 0;
    const cpu: number[] = [];
    const burst: number[] = [];
    let frameBytes = 0;
    let held = ready.held;
    for (let k = 1; k <= WARMUP_BURSTS + MEASURED_BURSTS; k++) {
      clients.send({ op: 'expect', frames: initialFrames + k } satisfies ToClients);
      const receivedPromise = fromClients(clients, 'received');
      const published = await askServer(server, 'publish');
      const received = await receivedPromise;
      const used = await askServer(server, 'cpu');
      held = received.held;
      frameBytes = used.frameBytes;
      if (k > WARMUP_BURSTS) {
        cpu.push(used.micros / received.held);
        burst.push(Number(BigInt(received.at) - BigInt(published.at)) / 1e6);
      }
      await sleep(150);
    }
    return {
      held,
      rssKbPerClient: (after.bytes - before.bytes) / 1024 / ready.held,
      cpuUsPerDelivery: median(cpu),
      burstMs: median(burst),
      frameBytes,
    };
  } finally {
    await stopChild(server, { op: 'stop' });
    if (clients) await stopChild(clients, { op: 'stop' });
  }
}

/** The server answers `rss` with `rss`, `cpu` with `cpu`, `publish` with `published`. */
const ANSWER = { rss: 'rss', cpu: 'cpu', publish: 'published' } as const;

function askServer<Op extends keyof typeof ANSWER>(server: ChildProcess, op: Op): Promise<Extract<FromServer, { op: (typeof ANSWER)[Op] }>> {
  const answer = fromServer(server, ANSWER[op]);
  server.send({ op } satisfies ToServer);
  return answer as Promise<Extract<FromServer, { op: (typeof ANSWER)[Op] }>>;
}

export const benchmark: Benchmark = {
  prefix: 'gateway.fanout',
  async run(): Promise<Metric[]> {
    const ours = await measure('webstat');
    const baseline = await measure('ws');
    const memoryRatio = ours.rssKbPerClient / baseline.rssKbPerClient;
    const cpuRatio = ours.cpuUsPerDelivery / baseline.cpuUsPerDelivery;
    const perBurst = (m: Measured) => `${((m.cpuUsPerDelivery * m.held) / 1000).toFixed(0)} ms CPU per burst`;
    return [
      { metric: 'gateway.fanout.clients', value: ours.held, unit: 'clients', target: '>= 10000', note: `idle WebSockets held by the gateway (ws baseline held ${baseline.held})` },
      { metric: 'gateway.fanout.rss_kb_per_client', value: ours.rssKbPerClient, unit: 'KB', target: '<= 2, <= 1/3 of ws', note: `${memoryRatio.toFixed(2)}x the ws baseline; RSS after forced GC` },
      { metric: 'gateway.fanout.ws_baseline_rss_kb_per_client', value: baseline.rssKbPerClient, unit: 'KB', note: 'ws package, same clients' },
      { metric: 'gateway.fanout.cpu_us_per_delivery', value: ours.cpuUsPerDelivery, unit: 'us', target: '<= 0.8x ws', note: `${cpuRatio.toFixed(2)}x the ws baseline; ${perBurst(ours)}, ${Math.round(ours.frameBytes)} B frame` },
      { metric: 'gateway.fanout.ws_baseline_cpu_us_per_delivery', value: baseline.cpuUsPerDelivery, unit: 'us', note: `${perBurst(baseline)}, ${baseline.frameBytes} B frame` },
      { metric: 'gateway.fanout.burst_ms', value: ours.burstMs, unit: 'ms', target: '<= 250', note: `publish to last receipt at ${ours.held} clients, median of ${MEASURED_BURSTS}` },
      { metric: 'gateway.fanout.ws_baseline_burst_ms', value: baseline.burstMs, unit: 'ms', note: 'the same for the ws baseline' },
    ];
  },
};
