/**
 * The ZeroMQ adapter: a REP socket whose every request goes to the handler and whose every reply
 * is the handler's bytes. Nothing else lives here (the logic is in request-handler.ts).
 */
import { Reply } from 'zeromq';
import { encodeMessage } from '../../protocol/frame.ts';
import { errorData } from '../agent-error.ts';
import { checkBindAllowed, parseBindAddress, zmqEndpoint } from './bind-address.ts';
import type { CurveKeys } from './curve-keys.ts';

/** Requests are a few bytes; anything this large is not one (ZeroMQ drops the sender). */
const MAX_REQUEST_BYTES = 64 * 1024;

export interface ZmqServiceOptions {
  bind: string;
  curve: CurveKeys | null;
  handle(request: Uint8Array): Promise<Uint8Array>;
}

export interface ZmqService {
  /** The endpoint actually bound (`tcp://127.0.0.1:54321` when asked for port 0). */
  endpoint: string;
  /** Ends when the socket is closed. */
  done: Promise<void>;
  close(): Promise<void>;
}

export async function startZmqService(options: ZmqServiceOptions): Promise<ZmqService> {
  const address = parseBindAddress(options.bind);
  checkBindAllowed(address, options.curve !== null);
  const socket = new Reply({
    linger: 0,
    maxMessageSize: MAX_REQUEST_BYTES,
    ...(options.curve ? { curveServer: true, curvePublicKey: options.curve.publicKey, curveSecretKey: options.curve.secretKey } : {}),
  });
  try {
    await socket.bind(zmqEndpoint(address));
  } catch (error) {
    socket.close();
    throw error;
  }
  const endpoint = socket.lastEndpoint ?? zmqEndpoint(address);

  const done = (async () => {
    for await (const [request] of socket) {
      let reply: Uint8Array;
      try {
        reply = await options.handle(request ?? new Uint8Array());
      } catch (error) {
        // A REP socket must answer before it can receive again: a bug becomes an error reply.
        reply = encodeMessage({ type: 'error', code: 'internal', message: errorData(error).message });
      }
      if (socket.closed) break;
      await socket.send(reply);
    }
  })();

  return {
    endpoint,
    done,
    async close() {
      if (!socket.closed) socket.close();
      await done.catch(() => undefined);
    },
  };
}
