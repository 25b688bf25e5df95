/**
 * `startGateway(config)`: the whole gateway from a validated configuration. It opens the history
 * store, starts the browser side (web-server.ts: WebSocket fan-out and HTTP on one port), then the
 * upstream side (upstream.ts: a poller per cluster, feeding the browser side's hub and the store).
 *
 * All or nothing: if the port cannot be had or a poller cannot start, whatever started is stopped
 * again and the error is thrown, so a gateway never runs half-configured. `close()` stops in the
 * reverse order: no new polls, then the browsers are told to come back later (1001), then the
 * database is closed.
 */
import { pino, type Logger } from 'pino';
import type { GatewayConfig } from './config/config-types.ts';
import { openHistoryStore, startUpstream, type Upstream, type UpstreamOptions } from './upstream.ts';
import { startWebServer, type WebServer, type WebServerOptions } from './web-server.ts';

export interface GatewayOptions {
  log?: Logger;
  /** Serve HTTPS and WSS directly (otherwise a reverse proxy terminates TLS). */
  tls?: WebServerOptions['tls'];
  limits?: WebServerOptions['limits'];
  rateLimit?: WebServerOptions['rateLimit'];
  /** Poller settings beyond the configuration (request timeout, tunnel backoff). */
  poller?: UpstreamOptions['poller'];
}

export interface RunningGateway {
  /** The port listened on (the one the system chose when the configuration says 0). */
  port: number;
  /** `http://host:port` (https with TLS). */
  url: string;
  web: WebServer;
  upstream: Upstream;
  close(): Promise<void>;
}

export async function startGateway(config: GatewayConfig, options: GatewayOptions = {}): Promise<RunningGateway> {
  const log = options.log ?? pino({ level: 'silent' });
  const store = openHistoryStore(config);
  let web: WebServer | null = null;
  let upstream: Upstream | null = null;
  try {
    web = await startWebServer({
      config,
      history: store,
      log,
      pollStates: () => upstream?.clusters() ?? [],
      ...(options.tls ? { tls: options.tls } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
      ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    });
    upstream = await startUpstream(config, { feed: web.hub, store, logger: log, ...(options.poller ? { poller: options.poller } : {}) });
  } catch (error) {
    await web?.close();
    store.close();
    throw error;
  }
  log.info({ url: web.url, port: web.port, clusters: config.clusters.length, site: config.site }, 'gateway listening');
  const running = { web, upstream };
  let closing: Promise<void> | null = null;
  return {
    port: web.port,
    url: web.url,
    web,
    upstream,
    close() {
      closing ??= (async () => {
        await running.upstream.stop();
        await running.web.close();
        store.close();
        log.info('gateway closed');
      })();
      return closing;
    },
  };
}
