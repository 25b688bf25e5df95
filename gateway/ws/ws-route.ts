/**
 * The thin uWebSockets.js adapter of the WebSocket endpoint `/ws`: the upgrade copies what it
 * needs out of the request (it is gone once the handler returns), checks the Origin, works out a
 * trusted proxy's grant and upgrades with a Session in the socket's user data; frames and closes are
 * handed to the Session. Everything is synchronous, so no request outlives its handler.
 *
 * Limits: `maxPayloadLength` (uWS closes the connection with 1009 past it), `maxBackpressure`
 * with `closeOnBackpressureLimit` (a client that cannot keep up is dropped, reconnects and resyncs
 * from a fresh snapshot instead of holding megabytes of stale deltas), `idleTimeout` with automatic
 * pings (dead peers behind NAT are noticed), no permessage-deflate (frames are compressed by the
 * protocol already, once per topic instead of once per socket).
 */
import uWS, { type TemplatedApp, type WebSocket } from 'uWebSockets.js';
import type { OriginPolicy } from '../access/origin-policy.ts';
import type { AccessResolver } from '../access/resolve-access.ts';
import { CloseCode } from './close-codes.ts';
import { Session } from './session.ts';
import type { SessionContext } from './session-context.ts';

export interface WebSocketLimits {
  /** Largest client frame, bytes. */
  maxPayloadLength: number;
  /** Bytes buffered for a slow client before it is dropped. */
  maxBackpressure: number;
  /** Seconds without traffic before a connection is closed (pings are sent before that). */
  idleTimeout: number;
}

export const DEFAULT_WEBSOCKET_LIMITS: WebSocketLimits = {
  maxPayloadLength: 64 * 1024,
  maxBackpressure: 8 * 1024 * 1024,
  idleTimeout: 120,
};

/** The subprotocol the gateway speaks; a client may also offer `webstat.token.<token>`. */
export const SUBPROTOCOL = 'webstat.v1';
const TOKEN_PROTOCOL_PREFIX = 'webstat.token.';

/** The token and the subprotocol to answer with, from a Sec-WebSocket-Protocol header. */
export function readSubprotocols(header: string): { token: string | null; protocol: string } {
  const offered = header.split(',').map((value) => value.trim()).filter((value) => value !== '');
  const tokenEntry = offered.find((value) => value.startsWith(TOKEN_PROTOCOL_PREFIX));
  const token = tokenEntry ? tokenEntry.slice(TOKEN_PROTOCOL_PREFIX.length) : null;
  // A browser fails the connection unless one offered protocol is echoed.
  const protocol = offered.includes(SUBPROTOCOL) ? SUBPROTOCOL : (offered[0] ?? '');
  return { token: token === '' ? null : token, protocol };
}

/**
 * The socket's user data. uWS.js copies the user data's own properties onto the socket object
 * (a class instance would lose its prototype), so the Session rides in one property.
 */
export interface SocketData {
  session: Session;
}

export interface WebSocketRouteOptions {
  context: SessionContext;
  origins: OriginPolicy;
  access: AccessResolver;
  limits: WebSocketLimits;
  /** Open sockets, for the graceful shutdown. */
  sockets: Set<WebSocket<SocketData>>;
  onConnectionCount(delta: 1 | -1): void;
  onOriginRefused(): void;
}

export function attachWebSocketRoute(app: TemplatedApp, options: WebSocketRouteOptions): void {
  const proxy = options.access.proxy;
  const proxyHeaderNames = proxy?.headerNames ?? [];
  app.ws<SocketData>('/ws', {
    compression: uWS.DISABLED,
    maxPayloadLength: options.limits.maxPayloadLength,
    maxBackpressure: options.limits.maxBackpressure,
    // The typings say number; the native code reads a boolean.
    closeOnBackpressureLimit: true as unknown as number,
    idleTimeout: options.limits.idleTimeout,
    sendPingsAutomatically: true,

    upgrade: (res, req, socketContext) => {
      const key = req.getHeader('sec-websocket-key');
      const protocols = req.getHeader('sec-websocket-protocol');
      const extensions = req.getHeader('sec-websocket-extensions');
      const origin = req.getHeader('origin');
      const host = req.getHeader('host');
      const queryToken = req.getQuery('token') ?? '';
      // Only a trusted-proxy setup needs the proxy headers and the peer's address.
      const proxyHeaders = proxy ? new Map(proxyHeaderNames.map((name) => [name, req.getHeader(name)])) : null;
      const remoteAddress = proxy ? Buffer.from(res.getRemoteAddressAsText()).toString() : '';

      if (!options.origins.allows(origin, host)) {
        options.onOriginRefused();
        // The usual cause is a wiki or portal missing from allowedOrigins: say which.
        options.context.log.info({ origin, host }, 'WebSocket refused: origin not allowed');
        res.writeStatus('403 Forbidden').writeHeader('Content-Type', 'text/plain; charset=utf-8').end('origin not allowed\n');
        return;
      }
      const { token, protocol } = readSubprotocols(protocols);
      const proxyGrant = proxy ? proxy.grant(remoteAddress, (name) => proxyHeaders!.get(name) ?? '') : null;
      const session = new Session(options.context, queryToken !== '' ? queryToken : token, proxyGrant);
      res.upgrade<SocketData>({ session }, key, protocol, extensions, socketContext);
    },

    open: (ws) => {
      ws.getUserData().session.open(ws);
      options.sockets.add(ws);
      options.onConnectionCount(1);
    },

    message: (ws, message, isBinary) => {
      ws.getUserData().session.receive(new Uint8Array(message), isBinary);
    },

    drain: (ws) => {
      ws.getUserData().session.drained();
    },

    close: (ws) => {
      ws.getUserData().session.closed();
      options.sockets.delete(ws);
      options.onConnectionCount(-1);
    },
  });
}

/** Ends every open connection with 1001, so clients reconnect (to the restarted gateway). */
export function endAll(sockets: Set<WebSocket<SocketData>>): void {
  for (const ws of [...sockets]) ws.end(CloseCode.GoingAway, 'gateway shutting down');
}
