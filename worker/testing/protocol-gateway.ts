/**
 * A stand-in gateway for the worker's browser tests while gateway/server.ts is not there: a real
 * WebSocket server (the `ws` package) on loopback that speaks the real protocol with the real
 * codec (StreamEncoder, encodeForJoin, encodeMessage), fed by synthetic clusters, and that can be
 * told to drop connections, restart, send a bad frame or leave a gap. It has no scopes: every
 * level is granted, `summary` and `users` views simply carry no jobs.
 */
import { WebSocketServer, type WebSocket } from 'ws';
import type { AddressInfo } from 'node:net';
import { SyntheticCluster } from '../../agent/simulator/synthetic-cluster.ts';
import { diff } from '../../protocol/delta.ts';
import { decodeMessage, encodeMessage, StreamEncoder } from '../../protocol/frame.ts';
import type { Message } from '../../protocol/messages.ts';
import { LEVELS, type Level, type Snapshot, type Status } from '../../protocol/model.ts';
import { blockOf, type RecordedSample } from './history-block.ts';

interface Topic {
  encoder: StreamEncoder;
  current: Snapshot;
  subscribers: Set<WebSocket>;
}

interface FixtureCluster {
  name: string;
  label: string;
  simulation: SyntheticCluster;
  /** Every published state by seq (what the tests compare with). */
  bySeq: Map<number, Snapshot>;
  /** Every sample the gateway holds, oldest first (what history blocks are made of). */
  samples: RecordedSample[];
  topics: Map<Level, Topic>;
  published: Snapshot;
  /** Between `unreachable` and the next `step`. */
  down: boolean;
}

function viewOf(snapshot: Snapshot, level: Level): Snapshot {
  return level === 'jobs' ? snapshot : { ...snapshot, jobs: [] };
}

export interface ProtocolGatewayOptions {
  clusters: { name: string; label: string; jobs: number; nodes: number; users: number; seed: number }[];
  /** Polls of history made before the gateway starts serving. */
  historyPolls: number;
  interval: number;
}

export class ProtocolGateway {
  private server: WebSocketServer | null = null;
  private readonly clusters = new Map<string, FixtureCluster>();
  private readonly sockets = new Set<WebSocket>();
  port = 0;
  accepted = 0;

  constructor(private readonly options: ProtocolGatewayOptions) {
    const start = Math.floor(Date.now() / 1000) - (options.historyPolls + 1) * options.interval;
    for (const spec of options.clusters) {
      const simulation = new SyntheticCluster({ name: spec.name, seed: spec.seed, jobs: spec.jobs, nodes: spec.nodes, users: spec.users, groups: 4, interval: options.interval, start });
      const samples: RecordedSample[] = [];
      for (let i = 0; i < options.historyPolls; i++) {
        const snapshot = simulation.snapshot();
        samples.push({ time: snapshot.time, summary: snapshot.summary });
        simulation.step();
      }
      const published = simulation.snapshot();
      samples.push({ time: published.time, summary: published.summary });
      const topics = new Map<Level, Topic>();
      for (const level of LEVELS) {
        const encoder = new StreamEncoder(`${spec.name}:${level}`);
        const current = viewOf(published, level);
        encoder.encode({ type: 'snapshot', level, snapshot: current }, { reset: true });
        topics.set(level, { encoder, current, subscribers: new Set() });
      }
      this.clusters.set(spec.name, { name: spec.name, label: spec.label, simulation, bySeq: new Map([[published.seq, published]]), samples, topics, published, down: false });
    }
  }

  async listen(port = 0): Promise<number> {
    const server = new WebSocketServer({ host: '127.0.0.1', port, path: '/ws' });
    await new Promise<void>((resolve, reject) => {
      server.once('listening', () => resolve());
      server.once('error', reject);
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    server.on('connection', (socket) => this.accept(socket));
    return this.port;
  }

  get open(): number {
    return this.sockets.size;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.sockets.clear();
    for (const cluster of this.clusters.values()) for (const topic of cluster.topics.values()) topic.subscribers.clear();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Drops every connection, as a crash or a network cut would. */
  dropAll(): number {
    const n = this.sockets.size;
    for (const socket of this.sockets) socket.terminate();
    return n;
  }

  /** Sends bytes that are not a valid frame to every connection. */
  sendBadFrame(): number {
    // Version 1, opcode Delta, flags STREAM, then a stream key that no join ever started.
    const bad = new Uint8Array([1, 0x04, 0x01, 3, 0x6e, 0x6f, 0x70, 0xff, 0xff]);
    for (const socket of this.sockets) socket.send(bad);
    return this.sockets.size;
  }

  /** The cluster's agent stops answering: a status says so, and its history has a gap. */
  unreachable(name: string): Snapshot {
    const cluster = this.cluster(name);
    const status: Status = { ...cluster.published.status, health: 'unreachable', code: 'timeout', message: 'agent did not answer' };
    for (const [level, topic] of cluster.topics) {
      topic.current = { ...topic.current, status };
      this.publish(topic, { type: 'status', cluster: name, seq: topic.current.seq, time: cluster.published.time + this.options.interval, status }, level);
    }
    cluster.published = { ...cluster.published, status };
    cluster.bySeq.set(cluster.published.seq, cluster.published);
    cluster.down = true;
    return cluster.published;
  }

  /** `polls` collections, each recorded and published (after an outage, the polls missed first). */
  step(name: string, polls: number): Snapshot {
    const cluster = this.cluster(name);
    if (cluster.down) {
      for (let i = 0; i < 5; i++) cluster.simulation.step();
      cluster.down = false;
    }
    for (let i = 0; i < polls; i++) {
      cluster.simulation.step();
      const next = { ...cluster.simulation.snapshot(), seq: cluster.published.seq + 1 };
      cluster.samples.push({ time: next.time, summary: next.summary });
      for (const [level, topic] of cluster.topics) {
        const view = viewOf(next, level);
        this.publish(topic, { type: 'delta', delta: diff(topic.current, view) }, level);
        topic.current = view;
      }
      cluster.published = next;
      cluster.bySeq.set(next.seq, next);
    }
    return cluster.published;
  }

  snapshot(name: string, seq?: number): Snapshot {
    const cluster = this.cluster(name);
    const snapshot = seq === undefined ? cluster.published : cluster.bySeq.get(seq);
    if (!snapshot) throw new Error(`no snapshot ${seq} of ${name}`);
    return snapshot;
  }

  samples(name: string): RecordedSample[] {
    return this.cluster(name).samples;
  }

  private cluster(name: string): FixtureCluster {
    const cluster = this.clusters.get(name);
    if (!cluster) throw new Error(`no cluster ${name}`);
    return cluster;
  }

  private publish(topic: Topic, message: Message, _level: Level): void {
    const frame = topic.encoder.encode(message);
    for (const socket of topic.subscribers) socket.send(frame);
  }

  private accept(socket: WebSocket): void {
    this.accepted += 1;
    this.sockets.add(socket);
    socket.on('close', () => {
      this.sockets.delete(socket);
      for (const cluster of this.clusters.values()) for (const topic of cluster.topics.values()) topic.subscribers.delete(socket);
    });
    socket.on('message', (data: Buffer) => {
      let message: Message;
      try {
        message = decodeMessage(new Uint8Array(data));
      } catch (error) {
        socket.send(encodeMessage({ type: 'error', code: (error as { code?: string }).code ?? 'bad-frame', message: 'bad frame' }));
        socket.close();
        return;
      }
      if (message.type !== 'hello') return;
      socket.send(
        encodeMessage({
          type: 'welcome',
          server: 'webstat-test-gateway',
          time: Math.floor(Date.now() / 1000),
          clusters: [...this.clusters.values()].map((c) => ({ name: c.name, label: c.label, level: 'jobs' as Level })),
        }),
      );
      for (const cluster of this.clusters.values()) for (const topic of cluster.topics.values()) topic.subscribers.delete(socket);
      for (const subscription of message.subscriptions) {
        const cluster = this.clusters.get(subscription.cluster);
        if (!cluster) continue;
        const topic = cluster.topics.get(subscription.level)!;
        if (subscription.sinceSeq === topic.current.seq) {
          socket.send(topic.encoder.encodeForJoin({ type: 'resume', cluster: cluster.name, seq: topic.current.seq, level: subscription.level }));
        } else {
          socket.send(topic.encoder.encodeForJoin({ type: 'snapshot', level: subscription.level, snapshot: topic.current }));
        }
        const since = subscription.historySince;
        const missing = cluster.samples.filter((sample) => since === null || sample.time > since);
        if (missing.length > 0) socket.send(encodeMessage({ type: 'history', block: blockOf(cluster.name, this.options.interval, missing) }));
        topic.subscribers.add(socket);
      }
    });
  }
}
