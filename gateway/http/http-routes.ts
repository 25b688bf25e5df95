/**
 * The HTTP endpoints on the gateway's port, as thin uWebSockets.js adapters over plain functions:
 * `/healthz`, `/metrics`, `/api/v1/...` and the built site. Each handler copies what it needs out
 * of the request first (uWS reuses it once the handler returns); the asynchronous ones register
 * `onAborted` before anything else and write inside `cork`.
 */
import type { HttpRequest, HttpResponse, TemplatedApp } from 'uWebSockets.js';
import type { Logger } from 'pino';
import type { AccessResolver } from '../access/resolve-access.ts';
import type { ClusterHub } from '../fanout/cluster-hub.ts';
import type { Pseudonyms } from '../views/pseudonyms.ts';
import { clusterList, clusterSummary, healthReport } from './cluster-reports.ts';
import type { GatewayMetrics, PollFigures } from './gateway-metrics.ts';
import { errorReply, jsonReply, writeReply, type HttpReply } from './http-reply.ts';
import type { StaticSite } from './static-site.ts';

export interface HttpRouteOptions {
  hub: ClusterHub;
  access: AccessResolver;
  pseudonyms: Pseudonyms;
  metrics: GatewayMetrics;
  site: StaticSite | null;
  /** The pollers' figures (status before the first answer, poll times). */
  polls: () => readonly PollFigures[];
  log: Logger;
}

/** Runs an asynchronous reply safely: onAborted first, then one corked write if still wanted. */
function replyLater(res: HttpResponse, log: Logger, work: () => Promise<HttpReply>, head = false): void {
  let aborted = false;
  res.onAborted(() => {
    aborted = true;
  });
  work()
    .catch((error: unknown): HttpReply => {
      log.error({ err: error }, 'http handler failed');
      return errorReply(500, 'internal', 'internal error');
    })
    .then((reply) => {
      if (!aborted) res.cork(() => writeReply(res, reply, head));
    });
}

const UNAUTHORIZED_HEADERS: Array<[string, string]> = [['WWW-Authenticate', 'Bearer realm="webstat"']];

export function attachHttpRoutes(app: TemplatedApp, options: HttpRouteOptions): void {
  const { hub, access, pseudonyms, metrics, site, polls, log } = options;
  const proxyHeaderNames = access.proxy?.headerNames ?? [];

  /** The caller's grant from `Authorization: Bearer`, a trusted proxy, or the anonymous scope. */
  const grantOf = (res: HttpResponse, req: HttpRequest) => {
    const authorization = req.getHeader('authorization');
    const proxyHeaders = new Map(proxyHeaderNames.map((name) => [name, req.getHeader(name)]));
    const remoteAddress = Buffer.from(res.getRemoteAddressAsText()).toString();
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (authorization !== '' && !bearer) return { error: { code: 'unauthorized' as const, message: 'use Authorization: Bearer <token>' } };
    const proxyGrant = access.proxy ? access.proxy.grant(remoteAddress, (name) => proxyHeaders.get(name) ?? '') : null;
    return access.resolve({ token: bearer ? bearer[1]! : null, proxyGrant });
  };

  app.get('/healthz', (res) => {
    writeReply(res, jsonReply(200, healthReport(hub, polls(), Math.floor(Date.now() / 1000))));
  });
  // Load balancers often check with HEAD.
  app.head('/healthz', (res) => {
    writeReply(res, jsonReply(200, healthReport(hub, polls(), Math.floor(Date.now() / 1000))), true);
  });

  app.get('/metrics', (res) => {
    replyLater(res, log, async () => ({
      status: 200,
      headers: [['Content-Type', metrics.registry.contentType], ['Cache-Control', 'no-store']],
      body: await metrics.registry.metrics(),
    }));
  });

  app.get('/api/v1/clusters', (res, req) => {
    const result = grantOf(res, req);
    if ('error' in result) return writeReply(res, errorReply(401, result.error.code, result.error.message, UNAUTHORIZED_HEADERS));
    writeReply(res, jsonReply(200, clusterList(result.grant, hub)));
  });

  app.get('/api/v1/clusters/:name/summary', (res, req) => {
    const name = decodeURIComponentOrNull(req.getParameter(0) ?? '');
    const result = grantOf(res, req);
    if ('error' in result) return writeReply(res, errorReply(401, result.error.code, result.error.message, UNAUTHORIZED_HEADERS));
    // A cluster outside the caller's scope is "not found": its existence is not told either.
    const report = name === null ? null : clusterSummary(result.grant, hub, name, pseudonyms);
    writeReply(res, report ? jsonReply(200, report) : errorReply(404, 'unknown-cluster', 'no such cluster in your scope'));
  });

  app.any('/api/*', (res) => {
    writeReply(res, errorReply(404, 'not-found', 'no such endpoint'));
  });

  const serveSite = (head: boolean) => (res: HttpResponse, req: HttpRequest) => {
    const request = {
      path: req.getUrl(),
      acceptEncoding: req.getHeader('accept-encoding'),
      ifNoneMatch: req.getHeader('if-none-match'),
      host: req.getHeader('host'),
    };
    if (!site) return writeReply(res, errorReply(404, 'not-found', 'this gateway serves no site'), head);
    replyLater(res, log, () => site.get(request), head);
  };
  app.get('/*', serveSite(false));
  app.head('/*', serveSite(true));

  app.any('/*', (res) => {
    writeReply(res, { ...errorReply(405, 'method-not-allowed', 'only GET and HEAD'), headers: [['Allow', 'GET, HEAD'], ['Content-Type', 'application/json; charset=utf-8']] });
  });
}

function decodeURIComponentOrNull(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}
