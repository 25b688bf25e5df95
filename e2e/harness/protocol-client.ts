/**
 * A client of the gateway's WebSocket written with the protocol alone, as a third-party client
 * would: it says hello, decodes every frame, applies every delta to the snapshot it holds and
 * checks the chain of sequence numbers (a delta must start where the held snapshot is, a resume or
 * a status must name the held sequence). Whatever breaks these rules, and any error frame or close
 * it did not ask for, is recorded as a problem: the soak counts them, the other tests show them.
 * History blocks are kept as received.
 */
import WebSocket from 'ws';
import { apply } from '../../protocol/delta.ts';
import { encodeMessage, FrameDecoder } from '../../protocol/frame.ts';
import type { HistoryBlock } from '../../protocol/history.ts';
import type { ClusterInfo, Message } from '../../protocol/messages.ts';
import type { Level, Snapshot, Status } from '../../protocol/model.ts';

export interface ClientSubscription {
  cluster: string;
  level: Level;
  /** Time of the newest history sample held; null asks for all the history the gateway serves. */
  historySince?: number | null;
}

export interface HeldCluster {
  snapshot: Snapshot | null;
  status: Status | null;
  /** Deltas applied. */
  deltas: number;
  /** Whole snapshots received after the first (a stream reset, or a resync). */
  resyncs: number;
}

export interface ClientCounters {
  frames: number;
  bytes: number;
  deltas: number;
}

export interface ProtocolClientOptions {
  url: string;
  token?: string | null;
  subscriptions: ClientSubscription[];
  /** A name for the hello (the gateway logs it). */
  client?: string;
}

export class ProtocolClient {
  readonly clusters = new Map<string, HeldCluster>();
  readonly history: HistoryBlock[] = [];
  /** What went wrong, in words (empty in a healthy run). */
  readonly problems: string[] = [];
  readonly counters: ClientCounters = { frames: 0, bytes: 0, deltas: 0 };
  granted: ClusterInfo[] = [];
  private socket: WebSocket | null = null;
  private closing = false;
  private readonly decoder = new FrameDecoder();

  constructor(private readonly options: ProtocolClientOptions) {}

  /** Connects and says hello; resolves with the welcome's clusters. */
  connect(timeoutMs = 60_000): Promise<ClusterInfo[]> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(new URL('ws', this.options.url.replace(/^http/, 'ws')).href, { perMessageDeflate: false });
      this.socket = socket;
      socket.binaryType = 'nodebuffer';
      const timer = setTimeout(() => reject(new Error(`no welcome within ${timeoutMs / 1000} s`)), timeoutMs);
      let welcomed = false;
      socket.on('open', () => {
        const hello = encodeMessage({
          type: 'hello',
          client: this.options.client ?? 'webstat-e2e',
          token: this.options.token ?? null,
          subscriptions: this.options.subscriptions.map((one) => ({ cluster: one.cluster, level: one.level, sinceSeq: null, historySince: one.historySince ?? null })),
        });
        socket.send(hello);
      });
      socket.on('message', (data: Buffer) => {
        const message = this.receive(data);
        if (!welcomed && message?.type === 'welcome') {
          welcomed = true;
          clearTimeout(timer);
          resolve(this.granted);
        }
      });
      socket.on('error', (error) => {
        if (!welcomed) {
          clearTimeout(timer);
          reject(error);
        }
      });
      socket.on('close', (code) => {
        if (!this.closing) this.problems.push(`closed by the gateway (${code})`);
        if (!welcomed) {
          clearTimeout(timer);
          reject(new Error(`closed before the welcome (${code})`));
        }
      });
    });
  }

  get open(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  close(): void {
    this.closing = true;
    this.socket?.terminate();
  }

  held(cluster: string): HeldCluster {
    let held = this.clusters.get(cluster);
    if (!held) this.clusters.set(cluster, (held = { snapshot: null, status: null, deltas: 0, resyncs: 0 }));
    return held;
  }

  private receive(data: Buffer): Message | null {
    this.counters.frames += 1;
    this.counters.bytes += data.length;
    let message: Message;
    try {
      message = this.decoder.decode(new Uint8Array(data.buffer, data.byteOffset, data.length)).message;
    } catch (error) {
      this.problems.push(`undecodable frame: ${(error as { code?: string }).code ?? (error as Error).message}`);
      return null;
    }
    switch (message.type) {
      case 'welcome':
        this.granted = message.clusters;
        break;
      case 'snapshot': {
        const held = this.held(message.snapshot.cluster);
        if (held.snapshot) {
          held.resyncs += 1;
          if (message.snapshot.seq < held.snapshot.seq) this.problems.push(`${message.snapshot.cluster}: snapshot ${message.snapshot.seq} after ${held.snapshot.seq}`);
        }
        held.snapshot = message.snapshot;
        held.status = message.snapshot.status;
        break;
      }
      case 'delta': {
        const held = this.held(message.delta.cluster);
        if (!held.snapshot) {
          this.problems.push(`${message.delta.cluster}: delta ${message.delta.fromSeq}→${message.delta.toSeq} before any snapshot`);
          break;
        }
        if (message.delta.fromSeq !== held.snapshot.seq || message.delta.toSeq <= message.delta.fromSeq) {
          this.problems.push(`${message.delta.cluster}: delta ${message.delta.fromSeq}→${message.delta.toSeq} on seq ${held.snapshot.seq}`);
          break;
        }
        try {
          held.snapshot = apply(held.snapshot, message.delta);
          held.status = held.snapshot.status;
          held.deltas += 1;
          this.counters.deltas += 1;
        } catch (error) {
          this.problems.push(`${message.delta.cluster}: delta does not apply: ${(error as { code?: string }).code ?? (error as Error).message}`);
        }
        break;
      }
      case 'resume': {
        const held = this.held(message.cluster);
        if (held.snapshot?.seq !== message.seq) this.problems.push(`${message.cluster}: resume at ${message.seq} while holding ${held.snapshot?.seq ?? 'nothing'}`);
        break;
      }
      case 'status': {
        const held = this.held(message.cluster);
        if (held.snapshot && held.snapshot.seq !== message.seq) this.problems.push(`${message.cluster}: status for seq ${message.seq} while holding ${held.snapshot.seq}`);
        held.status = message.status;
        if (held.snapshot) held.snapshot = { ...held.snapshot, status: message.status };
        break;
      }
      case 'history':
        this.history.push(message.block);
        break;
      case 'error':
        this.problems.push(`error frame: ${message.code}: ${message.message}`);
        break;
      default:
        this.problems.push(`unexpected ${message.type} message`);
    }
    return message;
  }
}

/** Per-poll samples of a cluster from the history blocks a client received: time → cores used. */
export function samplesOf(blocks: readonly HistoryBlock[], cluster: string): Map<number, { coresUsed: number; step: number }> {
  const samples = new Map<number, { coresUsed: number; step: number }>();
  for (const block of blocks) {
    if (block.cluster !== cluster) continue;
    block.times.forEach((time, index) => samples.set(time, { coresUsed: block.totals.coresUsed[index]!, step: block.step }));
  }
  return samples;
}

/**
 * The per-poll samples of `cluster` the gateway serves to a new client (time → cores used): a
 * connection that asks for all history, waits for the per-poll block (sent after the coarser one),
 * and closes.
 */
export async function perPollSamples(url: string, token: string | null, cluster: string, timeoutMs = 60_000): Promise<Map<number, number>> {
  const client = new ProtocolClient({ url, token, subscriptions: [{ cluster, level: 'users', historySince: null }] });
  try {
    await client.connect(timeoutMs);
    const deadline = Date.now() + timeoutMs;
    while (!client.history.some((block) => block.cluster === cluster && block.step < 300)) {
      if (Date.now() > deadline) throw new Error(`no per-poll history of ${cluster} within ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const samples = new Map<number, number>();
    for (const [time, sample] of samplesOf(client.history, cluster)) if (sample.step < 300) samples.set(time, sample.coresUsed);
    return samples;
  } finally {
    client.close();
  }
}
