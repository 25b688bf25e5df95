/**
 * Serves the built site (Vite's output directory) as plain logic: a request's path and headers in,
 * a reply out; http-routes.ts writes it through uWebSockets.js.
 *
 * - Caching: Vite names what it fingerprints `assets/<name>-<hash>.<ext>`; those never change and
 *   are `immutable` for a year. Everything else (HTML, the wiki embed module, whose name must stay
 *   put) is `no-cache`: revalidated every time, answered with 304 when the ETag still matches.
 * - Precompressed files: `x.js.br` or `x.js.gz` beside `x.js` is sent instead when the client
 *   accepts it (`Vary: Accept-Encoding`); nothing is compressed on the fly.
 * - Paths: percent-decoded per segment; `..`, encoded slashes, NUL and dot-files are refused, and a
 *   symbolic link may not lead out of the site directory.
 * - Files are kept in memory once read (the site is a few megabytes) and re-read when their size
 *   or modification time changes, so a rebuilt site is served without a restart.
 * - Cross-origin use: every file but an HTML page carries `Access-Control-Allow-Origin: *`, so a
 *   wiki on another origin can load the widgets module, its chunks, the worker script and the
 *   sql.js wasm (module scripts and the wasm's fetch are CORS requests; without the header the
 *   browser refuses them). These are the same public files a CDN would hold, and `*` never lets
 *   credentials through. The data is not behind this header: the WebSocket checks the Origin
 *   against the configuration's allowed origins and the token decides the scope. HTML pages get
 *   no such header; they are opened or framed (frame-ancestors decides), never read by scripts.
 */
import { createHash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { contentSecurityPolicy } from './content-security-policy.ts';
import { contentTypeOf } from './mime-types.ts';

export interface SiteRequest {
  /** The URL path as received, still percent-encoded, without the query. */
  path: string;
  acceptEncoding: string;
  ifNoneMatch: string;
  host: string;
}

export interface SiteReply {
  status: number;
  headers: Array<[string, string]>;
  body: Uint8Array;
}

interface Representation {
  body: Uint8Array;
  etag: string;
}

interface CachedFile {
  mtimeMs: number;
  size: number;
  plain: Representation;
  br: Representation | null;
  gzip: Representation | null;
}

const CACHE_LIMIT_BYTES = 64 << 20;
const HASHED_ASSET = /^assets\/(?:.+\/)?[^/]+[-.][A-Za-z0-9_-]{8,}\.[A-Za-z0-9]+$/;
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** CORS for the public static files (see the file comment); CORP for pages that require it (COEP). */
const SHARED_WITH_ANY_ORIGIN: ReadonlyArray<[string, string]> = [
  ['Access-Control-Allow-Origin', '*'],
  ['Cross-Origin-Resource-Policy', 'cross-origin'],
];

function etagOf(body: Uint8Array, suffix: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}${suffix}"`;
}

/** Encodings the client accepts (q > 0), from an Accept-Encoding header. */
export function acceptedEncodings(header: string): Set<string> {
  const accepted = new Set<string>();
  for (const part of header.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name && (!q || Number(q.slice(2)) > 0)) accepted.add(name.trim());
  }
  return accepted;
}

function etagMatches(ifNoneMatch: string, etag: string): boolean {
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

function plainReply(status: number, text: string): SiteReply {
  return {
    status,
    headers: [
      ['Content-Type', 'text/plain; charset=utf-8'],
      ['Cache-Control', 'no-store'],
    ],
    body: new TextEncoder().encode(`${text}\n`),
  };
}

async function readOptional(file: string): Promise<Uint8Array | null> {
  try {
    return await readFile(file);
  } catch {
    return null;
  }
}

export class StaticSite {
  private readonly cache = new Map<string, CachedFile>();
  private cachedBytes = 0;
  private rootReal: string | null = null;

  constructor(
    private readonly root: string,
    private readonly frameAncestors: readonly string[] = [],
  ) {}

  async get(request: SiteRequest): Promise<SiteReply> {
    const segments = this.segments(request.path);
    if ('status' in segments) return segments;
    const found = await this.find(segments.list, request.path);
    if ('status' in found) return found;
    const file = await this.load(found.file, found.size, found.mtimeMs);
    if (!file) return plainReply(404, 'not found');

    const accepted = acceptedEncodings(request.acceptEncoding);
    const [encoding, representation] =
      file.br && accepted.has('br') ? ['br', file.br] : file.gzip && accepted.has('gzip') ? ['gzip', file.gzip] : [null, file.plain];
    const relative = found.relative;
    const contentType = contentTypeOf(relative);
    const headers: Array<[string, string]> = [
      ['Content-Type', contentType],
      ['Cache-Control', HASHED_ASSET.test(relative) ? IMMUTABLE : 'no-cache'],
      ['ETag', representation.etag],
      ['Content-Security-Policy', contentSecurityPolicy({ host: request.host, frameAncestors: this.frameAncestors, forScript: contentType.startsWith('text/javascript') })],
    ];
    if (!contentType.startsWith('text/html')) headers.push(...SHARED_WITH_ANY_ORIGIN);
    if (file.br || file.gzip) headers.push(['Vary', 'Accept-Encoding']);
    if (etagMatches(request.ifNoneMatch, representation.etag)) return { status: 304, headers, body: new Uint8Array(0) };
    if (encoding) headers.push(['Content-Encoding', encoding]);
    return { status: 200, headers, body: representation.body };
  }

  /** Decoded path segments, or a refusal. */
  private segments(path: string): { list: string[] } | SiteReply {
    const list: string[] = [];
    for (const raw of path.split('/')) {
      if (raw === '') continue;
      let segment: string;
      try {
        segment = decodeURIComponent(raw);
      } catch {
        return plainReply(400, 'bad percent-encoding in path');
      }
      if (segment === '..' || segment === '.' || /[/\\\0]/.test(segment)) return plainReply(403, 'path refused');
      if (segment.startsWith('.')) return plainReply(404, 'not found');
      list.push(segment);
    }
    return { list };
  }

  private async find(
    list: string[],
    path: string,
  ): Promise<{ file: string; relative: string; size: number; mtimeMs: number } | SiteReply> {
    this.rootReal ??= await realpath(this.root);
    const candidates: string[][] = path.endsWith('/') || list.length === 0 ? [[...list, 'index.html']] : [list];
    // `/wall` finds wall.html, as the Vite multi-page build names its pages.
    const last = list.at(-1);
    if (last && !last.includes('.')) candidates.push([...list.slice(0, -1), `${last}.html`]);
    for (const candidate of candidates) {
      const file = join(this.rootReal, ...candidate);
      let info;
      try {
        info = await stat(file);
      } catch {
        continue;
      }
      if (info.isDirectory()) {
        if (candidate === list) return { status: 301, headers: [['Location', `${path}/`], ['Cache-Control', 'no-cache']], body: new Uint8Array(0) };
        continue;
      }
      if (!info.isFile()) continue;
      const real = await realpath(file);
      if (!real.startsWith(this.rootReal + sep)) return plainReply(404, 'not found');
      return { file: real, relative: candidate.join('/'), size: info.size, mtimeMs: info.mtimeMs };
    }
    return plainReply(404, 'not found');
  }

  private async load(file: string, size: number, mtimeMs: number): Promise<CachedFile | null> {
    const cached = this.cache.get(file);
    if (cached && cached.size === size && cached.mtimeMs === mtimeMs) return cached;
    const body = await readOptional(file);
    if (!body) return null;
    const [br, gzip] = await Promise.all([readOptional(`${file}.br`), readOptional(`${file}.gz`)]);
    const entry: CachedFile = {
      mtimeMs,
      size,
      plain: { body, etag: etagOf(body, '') },
      br: br && { body: br, etag: etagOf(body, '-br') },
      gzip: gzip && { body: gzip, etag: etagOf(body, '-gz') },
    };
    const bytes = body.length + (br?.length ?? 0) + (gzip?.length ?? 0);
    if (cached) {
      this.cachedBytes -= cached.plain.body.length + (cached.br?.body.length ?? 0) + (cached.gzip?.body.length ?? 0);
      this.cache.delete(file);
    }
    if (this.cachedBytes + bytes <= CACHE_LIMIT_BYTES) {
      this.cache.set(file, entry);
      this.cachedBytes += bytes;
    }
    return entry;
  }
}
