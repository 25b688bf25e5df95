/**
 * Child process of the fan-out benchmark: one server, measured from inside (RSS after a forced GC,
 * CPU time around a burst). Run with --expose-gc. `webstat`: the real gateway web server
 * (startWebServer, one cluster, clients on its `jobs` topic), each burst a new poll whose delta is
 * about 2 KB on the wire. `ws`: the usual Node broadcaster, `for (client of wss.clients)
 * client.send(frame)`, sending frames of the same size.
 */
import { randomBytes } from 'node:crypto';
import { WebSocketServer } from 'ws';
import { nodeDeflate } from '../../protocol/deflate-node.ts';
import { diff } from '../../protocol/delta.ts';
import { StreamEncoder } from '../../protocol/frame.ts';
import type { Snapshot } from '../../protocol/model.ts';
import { sampleSnapshot } from '../../gateway/testing/sample-cluster.ts';
import { testConfig } from '../../gateway/testing/test-config.ts';
import { startWebServer } from '../../gateway/web-server.ts';
import type { FromServer, ServerKind, ToServer } from './fanout-messages.ts';

const TARGET_FRAME_BYTES = 2048;
const kind = process.argv[2] as ServerKind;
const gc = (globalThis as { gc?: (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

function send(message: FromServer): void {
  process.send!(message);
}

/** The next poll: `changes` jobs get a new comment (random text, so deflate cannot shrink it away). */
function nextPoll(previous: Snapshot, changes: number): Snapshot {
  const jobs = previous.jobs.map((job, i) => (i < changes ? { ...job, comment: randomBytes(24).toString('base64') } : job));
  return { ...previous, seq: previous.seq + 1, time: previous.time + 60, jobs };
}

/** How many changed jobs make a delta frame of about TARGET_FRAME_BYTES, measured on a scratch encoder. */
function changesForTarget(snapshot: Snapshot): number {
  for (let changes = 10; changes < snapshot.jobs.length; changes += 2) {
    const encoder = new StreamEncoder('bench:jobs', { deflate: nodeDeflate });
    encoder.encode({ type: 'snapshot', level: 'jobs', snapshot }, { reset: true });
    const frame = encoder.encode({ type: 'delta', delta: diff(snapshot, nextPoll(snapshot, changes)) });
    if (frame.length >= TARGET_FRAME_BYTES) return changes;
  }
  return snapshot.jobs.length;
}

/** Prepares a burst (outside the measured window) and returns the function that sends it. */
let publish: () => Promise<() => void>;
let frameBytes: () => Promise<number>;
let stop: () => Promise<void>;

if (kind === 'webstat') {
  const config = testConfig({
    anonymous: { clusters: '*', level: 'jobs', pseudonyms: false, top: 10 },
    clusters: [{ name: 'bench', label: 'Bench', pollInterval: 60, agent: { kind: 'direct', url: 'tcp://127.0.0.1:1' } }],
  });
  const server = await startWebServer({ config, history: { history: () => [], lastSnapshot: () => null } });
  let snapshot = sampleSnapshot({ cluster: 'bench', jobs: 300 });
  server.hub.snapshot('bench', snapshot);
  const changes = changesForTarget(snapshot);
  const counter = async (name: string) => (await server.metrics.registry.getSingleMetric(name)!.get()).values[0]?.value ?? 0;
  let sentBefore = { frames: 0, bytes: 0 };
  publish = async () => {
    sentBefore = { frames: await counter('webstat_frames_sent_total'), bytes: await counter('webstat_bytes_sent_total') };
    return () => {
      snapshot = nextPoll(snapshot, changes);
      server.hub.snapshot('bench', snapshot);
    };
  };
  // Bytes per receiver of the last publish, from the gateway's own traffic counters.
  frameBytes = async () => {
    const frames = (await counter('webstat_frames_sent_total')) - sentBefore.frames;
    return frames === 0 ? 0 : ((await counter('webstat_bytes_sent_total')) - sentBefore.bytes) / frames;
  };
  stop = () => server.close();
  send({ op: 'listening', port: server.port });
} else {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, clientTracking: true });
  await new Promise((resolve) => wss.once('listening', resolve));
  const frame = randomBytes(TARGET_FRAME_BYTES);
  publish = async () => () => {
    for (const client of wss.clients) client.send(frame, { binary: true });
  };
  frameBytes = async () => frame.length;
  stop = () => new Promise((resolve) => wss.close(() => resolve()));
  send({ op: 'listening', port: (wss.address() as { port: number }).port });
}

let cpuAtPublish = process.cpuUsage();

process.on('message', async (message: ToServer) => {
  switch (message.op) {
    case 'rss':
      // The collection V8 runs under memory pressure ("last resort"), which also gives free pages
      // back; repeated, so that what remains is what the clients hold.
      for (let i = 0; i < 3; i++) {
        gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      send({ op: 'rss', bytes: process.memoryUsage().rss });
      break;
    case 'publish': {
      const burst = await publish();
      const at = process.hrtime.bigint();
      cpuAtPublish = process.cpuUsage();
      burst();
      send({ op: 'published', at: String(at) });
      break;
    }
    case 'cpu': {
      const used = process.cpuUsage(cpuAtPublish);
      send({ op: 'cpu', micros: used.user + used.system, frameBytes: await frameBytes() });
      break;
    }
    case 'stop':
      await stop();
      process.exit(0);
  }
});
