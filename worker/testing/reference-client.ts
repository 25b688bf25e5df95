/**
 * The tests' own client of the gateway, in Node, written with the protocol alone (FrameDecoder,
 * apply): it holds every snapshot it saw by seq and every sample (history blocks and live
 * snapshots), which the browser tests compare the worker with.
 */
import WebSocket from 'ws';
import { apply } from '../../protocol/delta.ts';
import { encodeMessage, FrameDecoder } from '../../protocol/frame.ts';
import { USAGE_METRICS, type HistoryBlock } from '../../protocol/history.ts';
import type { Snapshot, Status, Usage } from '../../protocol/model.ts';

export interface ReferencePoint {
  time: number;
  /** Seconds the sample stands for (the block's step; the poll interval for live snapshots). */
  step: number;
  coresUsed: number;
  users: Usage[];
  groups: Usage[];
  queues: Usage[];
}

const KEEP_SNAPSHOTS = 200;

function pointsOfBlock(block: HistoryBlock): ReferencePoint[] {
  const points: ReferencePoint[] = block.times.map((time, at) => ({
    time,
    step: block.step,
    coresUsed: block.totals.coresUsed[at]!,
    users: [],
    groups: [],
    queues: [],
  }));
  for (const series of block.series) {
    series.at.forEach((at, k) => {
      const row = { name: series.name } as Usage;
      for (const metric of USAGE_METRICS) row[metric] = series.values[metric][k]!;
      const point = points[at]!;
      (series.dimension === 'user' ? point.users : series.dimension === 'group' ? point.groups : point.queues).push(row);
    });
  }
  return points;
}

export class ReferenceClient {
  private socket: WebSocket | null = null;
  private closed = false;
  readonly latest = new Map<string, Snapshot>();
  readonly bySeq = new Map<string, Map<number, Snapshot>>();
  readonly statuses = new Map<string, Status>();
  readonly points = new Map<string, Map<number, ReferencePoint>>();

  constructor(
    /** Asked at each (re)connection: a restarted gateway may listen elsewhere. */
    private readonly url: () => string,
    private readonly origin: string,
    private readonly clusters: string[],
    private readonly pollSeconds: number,
  ) {}

  start(): void {
    if (this.closed) return;
    const socket = new WebSocket(this.url(), { origin: this.origin });
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    const decoder = new FrameDecoder();
    socket.on('open', () => {
      const subscriptions = this.clusters.map((cluster) => {
        const times = [...(this.points.get(cluster)?.keys() ?? [])];
        return { cluster, level: 'jobs' as const, sinceSeq: null, historySince: times.length > 0 ? Math.max(...times) : null };
      });
      socket.send(encodeMessage({ type: 'hello', client: 'webstat-worker-tests', token: null, subscriptions }));
    });
    socket.on('message', (data: ArrayBuffer) => this.receive(decoder, new Uint8Array(data)));
    socket.on('error', () => {});
    socket.on('close', () => {
      if (this.socket === socket) setTimeout(() => this.start(), 200);
    });
  }

  close(): void {
    this.closed = true;
    this.socket?.terminate();
  }

  private keep(snapshot: Snapshot): void {
    this.latest.set(snapshot.cluster, snapshot);
    let seqs = this.bySeq.get(snapshot.cluster);
    if (!seqs) this.bySeq.set(snapshot.cluster, (seqs = new Map()));
    seqs.set(snapshot.seq, snapshot);
    if (seqs.size > KEEP_SNAPSHOTS) seqs.delete(seqs.keys().next().value!);
    this.addPoint(snapshot.cluster, {
      time: snapshot.time,
      step: this.pollSeconds,
      coresUsed: snapshot.summary.coresUsed,
      users: snapshot.summary.users,
      groups: snapshot.summary.groups,
      queues: snapshot.summary.queues,
    });
  }

  private addPoint(cluster: string, point: ReferencePoint): void {
    let points = this.points.get(cluster);
    if (!points) this.points.set(cluster, (points = new Map()));
    points.set(point.time, point);
  }

  private receive(decoder: FrameDecoder, bytes: Uint8Array): void {
    const { message } = decoder.decode(bytes);
    switch (message.type) {
      case 'snapshot':
        this.statuses.set(message.snapshot.cluster, message.snapshot.status);
        this.keep(message.snapshot);
        return;
      case 'delta': {
        const previous = this.latest.get(message.delta.cluster);
        if (!previous) throw new Error(`reference client: delta before snapshot for ${message.delta.cluster}`);
        const next = apply(previous, message.delta);
        this.statuses.set(next.cluster, next.status);
        this.keep(next);
        return;
      }
      case 'status': {
        this.statuses.set(message.cluster, message.status);
        const held = this.latest.get(message.cluster);
        if (held) {
          const next = { ...held, status: message.status };
          this.latest.set(message.cluster, next);
          this.bySeq.get(message.cluster)!.set(next.seq, next);
        }
        return;
      }
      case 'history':
        for (const point of pointsOfBlock(message.block)) this.addPoint(message.block.cluster, point);
        return;
      default:
        return;
    }
  }

  sortedPoints(cluster: string): ReferencePoint[] {
    return [...(this.points.get(cluster)?.values() ?? [])].sort((a, b) => a.time - b.time);
  }
}
