/**
 * The Content-Security-Policy of the served site: no inline script and no eval anywhere; the page
 * may connect only to its own origin, over HTTP(S) and WebSocket (`'self'` alone does not cover
 * ws:/wss: in every browser still in use, so the host's ws and wss origins are named).
 *
 * `'wasm-unsafe-eval'` goes only on JavaScript responses: a worker's policy is the one its script
 * was served with, and the worker is where sql.js compiles its WebAssembly; pages never need it.
 * `style-src 'unsafe-inline'` stays because Lit falls back to <style> elements and uPlot sets
 * style attributes; styles cannot run code.
 */

/** A Host header fit to be written into a policy (anything odd is left out, not escaped). */
function plainHost(host: string): string | null {
  return /^[A-Za-z0-9.-]+(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$/.test(host) ? host.toLowerCase() : null;
}

export interface PolicyOptions {
  /** The Host the request came to. */
  host: string;
  /** Origins allowed to frame the site (the configuration's allowed origins). */
  frameAncestors: readonly string[];
  /** True for a script that may run as a worker compiling WebAssembly. */
  forScript: boolean;
}

export function contentSecurityPolicy(options: PolicyOptions): string {
  const host = plainHost(options.host);
  const connect = ["'self'", ...(host ? [`ws://${host}`, `wss://${host}`] : [])];
  const script = ["'self'", ...(options.forScript ? ["'wasm-unsafe-eval'"] : [])];
  return [
    "default-src 'self'",
    `script-src ${script.join(' ')}`,
    "worker-src 'self'",
    `connect-src ${connect.join(' ')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${["'self'", ...options.frameAncestors].join(' ')}`,
  ].join('; ');
}
