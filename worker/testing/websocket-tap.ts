/**
 * A TCP proxy in front of the gateway for the worker's tests: it counts connections, can cut them
 * all (a network drop, which the gateway itself never does) and can slip a frame of its own into
 * the gateway → browser direction. It forwards the gateway's bytes only in whole WebSocket frames,
 * so an injected frame always lands between two of the gateway's.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

interface Pair {
  client: Socket;
  upstream: Socket;
  /** Gateway bytes not yet forwarded (an incomplete frame or HTTP head). */
  pending: Buffer;
  upgraded: boolean;
}

/** Length of the first whole WebSocket frame in `data`, or null when it is not complete yet. */
function frameLength(data: Buffer): number | null {
  if (data.length < 2) return null;
  let length = data[1]! & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (data.length < 4) return null;
    length = data.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (data.length < 10) return null;
    length = Number(data.readBigUInt64BE(2));
    offset = 10;
  }
  if (data[1]! & 0x80) offset += 4;
  return data.length >= offset + length ? offset + length : null;
}

/** An unmasked binary frame (server to client) around `payload`. */
export function binaryFrame(payload: Uint8Array): Buffer {
  const head = payload.length < 126 ? Buffer.from([0x82, payload.length]) : Buffer.from([0x82, 126, payload.length >> 8, payload.length & 0xff]);
  return Buffer.concat([head, Buffer.from(payload)]);
}

export class WebSocketTap {
  private readonly pairs = new Set<Pair>();
  accepted = 0;

  private constructor(
    private readonly server: Server,
    private readonly target: () => number,
  ) {}

  /** Listens on `port` (0 = any) and forwards to the port `target()` names at each connection. */
  static async start(target: () => number, port = 0): Promise<WebSocketTap> {
    let tap: WebSocketTap | null = null;
    const server = createServer((client) => tap!.accept(client));
    tap = new WebSocketTap(server, target);
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
    return tap;
  }

  get port(): number {
    return (this.server.address() as { port: number }).port;
  }

  get open(): number {
    return this.pairs.size;
  }

  /** Cuts every connection at once, both ways. */
  dropAll(): number {
    const n = this.pairs.size;
    for (const pair of this.pairs) {
      pair.client.destroy();
      pair.upstream.destroy();
    }
    this.pairs.clear();
    return n;
  }

  /** Sends `frame` (whole WebSocket frame bytes) to every upgraded client, between the gateway's frames. */
  inject(frame: Buffer): number {
    let n = 0;
    for (const pair of this.pairs) {
      if (!pair.upgraded) continue;
      pair.client.write(frame);
      n++;
    }
    return n;
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    this.accepted += 1;
    const upstream = connect(this.target(), '127.0.0.1');
    const pair: Pair = { client, upstream, pending: Buffer.alloc(0), upgraded: false };
    this.pairs.add(pair);
    const end = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      pair.pending = pair.pending.length === 0 ? chunk : Buffer.concat([pair.pending, chunk]);
      if (!pair.upgraded) {
        const head = pair.pending.indexOf('\r\n\r\n');
        if (head < 0) return;
        client.write(pair.pending.subarray(0, head + 4));
        pair.pending = pair.pending.subarray(head + 4);
        pair.upgraded = true;
      }
      for (let length = frameLength(pair.pending); length !== null; length = frameLength(pair.pending)) {
        client.write(pair.pending.subarray(0, length));
        pair.pending = pair.pending.subarray(length);
      }
    });
  }
}
