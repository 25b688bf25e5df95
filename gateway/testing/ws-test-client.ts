/**
 * A real WebSocket client (the `ws` package) that decodes everything the gateway sends with a
 * StreamClient, for the gateway's end-to-end tests over real sockets.
 */
import WebSocket from 'ws';
import { encodeMessage } from '../../protocol/frame.ts';
import type { HelloMessage, Subscription } from '../../protocol/messages.ts';
import type { Level } from '../../protocol/model.ts';
import { StreamClient } from './stream-client.ts';

export interface Connected {
  socket: WebSocket;
  client: StreamClient;
  /** Resolves with the close code when the connection closes. */
  closed: Promise<number>;
  /** Resolves once `count` messages have arrived in total. */
  messages(count: number, timeoutMs?: number): Promise<void>;
  hello(token: string | null, subscriptions: Array<Partial<Subscription> & { cluster: string; level: Level }>): void;
}

export function connect(
  url: string,
  options: { origin?: string; protocols?: string[]; headers?: Record<string, string>; ca?: Buffer } = {},
): Promise<Connected> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, options.protocols ?? [], { origin: options.origin, headers: options.headers, perMessageDeflate: false, ca: options.ca });
    const client = new StreamClient();
    const waiters: Array<{ count: number; done: () => void }> = [];
    socket.binaryType = 'nodebuffer';
    socket.on('message', (data: Buffer) => {
      client.receive(new Uint8Array(data));
      for (const waiter of [...waiters]) {
        if (client.messages.length >= waiter.count) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.done();
        }
      }
    });
    const closed = new Promise<number>((done) => socket.on('close', (code) => done(code)));
    socket.on('unexpected-response', (_request, response) => reject(Object.assign(new Error(`HTTP ${response.statusCode}`), { statusCode: response.statusCode })));
    socket.on('error', reject);
    socket.on('open', () =>
      resolve({
        socket,
        client,
        closed,
        messages(count, timeoutMs = 5000) {
          if (client.messages.length >= count) return Promise.resolve();
          return new Promise((done, fail) => {
            const timer = setTimeout(() => fail(new Error(`waited for ${count} messages, got ${client.messages.length}`)), timeoutMs);
            waiters.push({ count, done: () => (clearTimeout(timer), done()) });
          });
        },
        hello(token, subscriptions) {
          const message: HelloMessage = {
            type: 'hello',
            client: 'gateway-test',
            token,
            subscriptions: subscriptions.map((s) => ({ sinceSeq: null, historySince: null, ...s })),
          };
          socket.send(encodeMessage(message));
        },
      }),
    );
  });
}
