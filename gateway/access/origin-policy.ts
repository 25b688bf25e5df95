/**
 * Which web pages may open a WebSocket to the gateway. Browsers always send `Origin` on a
 * WebSocket upgrade, so a page on another site cannot ride on a user's proxy session; clients that
 * are not browsers (scripts, the benchmark) send none and are let through, since they could
 * forge any Origin anyway — their access is decided by the token like everyone's.
 *
 * The site's own origin is always allowed: the `Origin` host equals the `Host` the request came
 * to (a reverse proxy must pass `Host` through, as the README's examples do).
 */

const DEFAULT_PORT: Record<string, string> = { 'http:': '80', 'https:': '443' };

function withoutDefaultPort(host: string, protocol: string): string {
  const port = DEFAULT_PORT[protocol];
  return port && host.endsWith(`:${port}`) ? host.slice(0, -(port.length + 1)) : host;
}

export class OriginPolicy {
  private readonly allowed: Set<string>;

  /** `allowedOrigins`: `https://wiki.example.org` and the like (scheme, host, optional port). */
  constructor(allowedOrigins: readonly string[]) {
    this.allowed = new Set(allowedOrigins.map((origin) => new URL(origin).origin));
  }

  allows(origin: string, host: string): boolean {
    if (origin === '') return true;
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    if (this.allowed.has(url.origin)) return true;
    return host !== '' && url.host === withoutDefaultPort(host.toLowerCase(), url.protocol);
  }
}
