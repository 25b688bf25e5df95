/**
 * The gateway's browser side on one port: the WebSocket fan-out on `/ws` and the HTTP endpoints,
 * on uWebSockets.js. It owns the ClusterHub, which is the ClusterFeed the pollers push into
 * (server.ts wires them), and keeps the listen socket so `close()` can stop accepting, tell every
 * client to come back later (1001), and let the process exit.
 */
import uWS, { type TemplatedApp, type WebSocket, type us_listen_socket } from 'uWebSockets.js';
import { pino, type Logger } from 'pino';
import type { Deflate } from '../protocol/compression.ts';
import { nodeDeflate } from '../protocol/deflate-node.ts';
import { OriginPolicy } from './access/origin-policy.ts';
import { AccessResolver } from './access/resolve-access.ts';
import type { HistorySource } from './cluster-feed.ts';
import type { GatewayConfig } from './config/config-types.ts';
import { ClusterHub } from './fanout/cluster-hub.ts';
import { GatewayMetrics, type PollFigures } from './http/gateway-metrics.ts';
import { attachHttpRoutes } from './http/http-routes.ts';
import { StaticSite } from './http/static-site.ts';
import { loadPseudonymSecret } from './views/pseudonym-secret.ts';
import { Pseudonyms } from './views/pseudonyms.ts';
import type { RateLimit } from './ws/token-bucket.ts';
import { HistoryFrames } from './ws/history-frames.ts';
import { WelcomeFrames } from './ws/welcome-frames.ts';
import { attachWebSocketRoute, DEFAULT_WEBSOCKET_LIMITS, endAll, type SocketData, type WebSocketLimits } from './ws/ws-route.ts';

export const SERVER_NAME = 'webstat-gateway/0.1.0';

export const DEFAULT_RATE_LIMIT: RateLimit = { burst: 20, perSecond: 2 };

export interface WebServerOptions {
  config: GatewayConfig;
  history: HistorySource;
  log?: Logger;
  limits?: Partial<WebSocketLimits>;
  rateLimit?: RateLimit;
  /** Frame compression; default Node's zlib. */
  deflate?: Deflate | false;
  /** Serve HTTPS and WSS directly (otherwise a reverse proxy terminates TLS). */
  tls?: { certFile: string; keyFile: string };
  /** The pollers' own figures (poll durations) for /metrics; none when tests feed the hub. */
  pollStates?: () => readonly PollFigures[];
}

export interface WebServer {
  /** The port listened on (the configured one, or the one the system chose for port 0). */
  port: number;
  /** `http://host:port` (https with TLS), with 0.0.0.0 / :: shown as 127.0.0.1. */
  url: string;
  /** Where the pollers deliver snapshots and status changes. */
  hub: ClusterHub;
  metrics: GatewayMetrics;
  close(): Promise<void>;
}

export class ListenError extends Error {
  override name = 'ListenError';
  readonly code = 'listen-failed';
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const { config } = options;
  const log = options.log ?? pino({ level: 'silent' });
  const deflate = options.deflate ?? nodeDeflate;
  const app: TemplatedApp = options.tls
    ? uWS.SSLApp({ cert_file_name: options.tls.certFile, key_file_name: options.tls.keyFile })
    : uWS.App();

  const pseudonyms = new Pseudonyms(loadPseudonymSecret(config.database));
  // The metrics read the hub's state when scraped; the hub counts what it publishes in them.
  const polls = options.pollStates ?? (() => []);
  const metrics = new GatewayMetrics(() => hub.all, polls);
  const hub = new ClusterHub({
    clusters: config.clusters,
    pseudonyms,
    deflate,
    publisher: {
      publish(topic, frame) {
        const receivers = app.numSubscribers(topic);
        if (receivers === 0) return;
        app.publish(topic, frame, true, false);
        metrics.published(frame.length, receivers);
      },
    },
  });
  const access = new AccessResolver(config);
  const sockets = new Set<WebSocket<SocketData>>();

  attachWebSocketRoute(app, {
    context: {
      hub,
      access,
      historyFrames: new HistoryFrames(options.history, pseudonyms, deflate),
      rateLimit: options.rateLimit ?? DEFAULT_RATE_LIMIT,
      maxInflatedBytes: 1 << 20,
      maxSubscriptions: Math.max(64, config.clusters.length),
      welcomes: new WelcomeFrames(SERVER_NAME, (name) => hub.cluster(name)?.label ?? name, deflate),
      counters: metrics,
      log,
      now: () => performance.now(),
    },
    origins: new OriginPolicy(config.allowedOrigins),
    access,
    limits: { ...DEFAULT_WEBSOCKET_LIMITS, ...options.limits },
    sockets,
    onConnectionCount: (delta) => {
      metrics.connectedClients += delta;
    },
    onOriginRefused: () => metrics.refusedOrigin(),
  });
  attachHttpRoutes(app, {
    hub,
    access,
    pseudonyms,
    metrics,
    site: config.site ? new StaticSite(config.site, config.allowedOrigins) : null,
    polls,
    log,
  });

  const { host, port } = config.listen;
  const listenSocket = await new Promise<us_listen_socket>((resolve, reject) => {
    app.listen(host, port, (token) => {
      if (token) resolve(token);
      else reject(new ListenError(`cannot listen on ${host}:${port} (address in use, or not this machine's)`));
    });
  });
  const boundPort = uWS.us_socket_local_port(listenSocket as unknown as uWS.us_socket);
  const shownHost = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  log.debug({ host, port: boundPort }, 'web server listening');

  let closed = false;
  return {
    port: boundPort,
    url: `${options.tls ? 'https' : 'http'}://${shownHost}:${boundPort}`,
    hub,
    metrics,
    async close() {
      if (closed) return;
      closed = true;
      uWS.us_listen_socket_close(listenSocket);
      endAll(sockets);
      // Lets the close frames go out before the remaining sockets are cut.
      await new Promise((resolve) => setTimeout(resolve, 50));
      (app as TemplatedApp & { close(): void }).close();
      log.debug('web server closed');
    },
  };
}
