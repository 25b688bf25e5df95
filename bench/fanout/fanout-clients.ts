/**
 * Child process of the fan-out benchmark: holds N idle WebSocket connections to one server and
 * tells the parent when every one of them has received the frames of a burst.
 *
 * The connections are raw TCP sockets speaking just enough WebSocket (RFC 6455): an upgrade
 * request, then frame headers counted and payloads skipped (frame-counter.ts). A full client
 * library would spend more CPU per frame than the servers being measured, on the same two cores.
 * For the webstat gateway each connection first sends its hello (one masked frame) and waits for
 * the welcome and the snapshot, so it is subscribed before the bursts begin.
 *
 * argv: PORT COUNT KIND
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { encodeMessage } from '../../protocol/frame.ts';
import type { FromClients, ServerKind, ToClients } from './fanout-messages.ts';
import { FrameCounter } from './frame-counter.ts';

const port = Number(process.argv[2]);
const count = Number(process.argv[3]);
const kind = process.argv[4] as ServerKind;
const CONCURRENT_CONNECTS = 200;
const READ_BUFFER = Buffer.alloc(256 * 1024);
/** webstat answers the hello with a welcome and a snapshot before any burst. */
const FRAMES_BEFORE_BURSTS = kind === 'webstat' ? 2 : 0;

function send(message: FromClients): void {
  process.send!(message);
}

/** A client-to-server frame must be masked; a zero mask key leaves the payload as it is. */
function maskedBinaryFrame(payload: Uint8Array): Buffer {
  const length = payload.length;
  const header = length < 126 ? Buffer.from([0x82, 0x80 | length]) : Buffer.from([0x82, 0x80 | 126, length >> 8, length & 0xff]);
  return Buffer.concat([header, Buffer.alloc(4), payload]);
}

const hello = maskedBinaryFrame(
  encodeMessage({ type: 'hello', client: 'fanout-bench', token: null, subscriptions: [{ cluster: 'bench', level: 'jobs', sinceSeq: null, historySince: null }] }),
);

const sockets: Socket[] = [];
/** Connections whose upgrade finished or failed. */
let settled = 0;
/** Upgraded connections still open. */
let alive = 0;
let failed = 0;
/** Frames every connection must have for the current step, and how many have them. */
let target = FRAMES_BEFORE_BURSTS;
let reached = 0;
let reachedFlags = new Uint8Array(count);
let reportedTarget = -1;
let phase: 'ready' | 'burst' = 'ready';

function maybeReport(): void {
  if (settled < count || reached < alive || reportedTarget === target) return;
  reportedTarget = target;
  if (phase === 'ready') send({ op: 'ready', held: alive, failed });
  else send({ op: 'received', at: String(process.hrtime.bigint()), held: reached });
}

function countFrames(index: number, counter: FrameCounter): void {
  if (reachedFlags[index] === 0 && counter.frames >= target) {
    reachedFlags[index] = 1;
    reached++;
    maybeReport();
  }
}

function open(index: number): Promise<void> {
  return new Promise((resolve) => {
    const counter = new FrameCounter();
    const socket = connect({
      host: '127.0.0.1',
      port,
      noDelay: true,
      // Reads land in one shared buffer and call back directly, without a Buffer and a 'data'
      // event per read: the cheapest way Node offers to receive on 10,000 sockets.
      onread: {
        buffer: READ_BUFFER,
        callback: (bytes: number, buffer: Uint8Array) => {
          received(Buffer.from(buffer.buffer, buffer.byteOffset, bytes));
          return true;
        },
      },
    });
    let handshake: Buffer | null = Buffer.alloc(0);
    let upgraded = false;
    let done = false;
    const finish = (ok: boolean) => {
      if (done) return;
      done = true;
      settled++;
      if (ok) {
        upgraded = true;
        alive++;
      } else {
        failed++;
      }
      resolve();
    };
    socket.on('connect', () => {
      socket.write(
        `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    const received = (chunk: Buffer) => {
      if (handshake) {
        handshake = Buffer.concat([handshake, chunk]);
        const end = handshake.indexOf('\r\n\r\n');
        if (end < 0) return;
        if (!handshake.subarray(0, 12).toString().startsWith('HTTP/1.1 101')) {
          socket.destroy();
          return;
        }
        chunk = handshake.subarray(end + 4);
        handshake = null;
        if (kind === 'webstat') socket.write(hello);
        finish(true);
      }
      counter.push(chunk);
      countFrames(index, counter);
    };
    socket.on('error', () => {});
    socket.on('close', () => {
      if (!done) return finish(false);
      if (upgraded) {
        alive--;
        if (reachedFlags[index] === 1) reached--;
        maybeReport();
      }
    });
    sockets.push(socket);
  });
}

process.on('message', (message: ToClients) => {
  if (message.op === 'expect') {
    phase = 'burst';
    target = message.frames;
    reached = 0;
    reachedFlags = new Uint8Array(count);
  } else {
    for (const socket of sockets) socket.destroy();
    process.exit(0);
  }
});

let next = 0;
async function worker(): Promise<void> {
  while (next < count) await open(next++);
}
await Promise.all(Array.from({ length: CONCURRENT_CONNECTS }, worker));
// The last connection may have settled by failing, which reports nothing by itself.
maybeReport();
