/**
 * Starting the worker when the widgets module came from another origin than the page: a wiki at
 * https://wiki.example loads https://gateway.example/webstat-widgets.js. A browser starts a
 * (Shared)Worker only from a script of the page's own origin, so the worker is started from a
 * same-origin `blob:` module whose one line imports the real worker script by its absolute URL.
 *
 * What follows from that, and must hold:
 * - The real worker script, its chunks and the sql.js wasm are fetched from the gateway's origin
 *   with CORS (module imports and the wasm fetch are CORS requests): the gateway sends
 *   `Access-Control-Allow-Origin: *` on them (gateway/http/static-site.ts). Inside the worker,
 *   `import.meta.url` is the real script's absolute URL, so the wasm URL computed from it
 *   (sqljs-loader.ts) points at the gateway, never at the wiki.
 * - The worker runs with the wiki page's origin (its IndexedDB, Web Locks, WebSocket Origin) and
 *   under the wiki page's Content-Security-Policy (a blob: worker inherits its creator's policy):
 *   a strict wiki policy must allow `blob:` in worker-src (site/embed.html says so).
 * - Each blob: URL is unique, so in this case every page gets its own worker: the elements of one
 *   page still share one worker and one WebSocket, but two wiki tabs do not share theirs.
 */

type WorkerConstructor = typeof Worker;
type SharedWorkerConstructor = typeof SharedWorker;

export interface WorkerConstructors {
  SharedWorker: SharedWorkerConstructor | undefined;
  Worker: WorkerConstructor;
}

/** True when a module at `moduleUrl` is not of the page's origin (only then is a wrapper needed). */
export function isCrossOrigin(moduleUrl: string, pageOrigin: string): boolean {
  return new URL(moduleUrl).origin !== pageOrigin;
}

const wrappers = new Map<string, string>();

/**
 * A same-origin `blob:` URL of a module that imports `scriptUrl`. One per script URL for the life
 * of the page, never revoked: the browser may fetch a worker's script after the constructor
 * returned, and a revoked URL would then fail.
 */
export function sameOriginWrapper(scriptUrl: URL | string): string {
  const absolute = String(scriptUrl);
  let wrapper = wrappers.get(absolute);
  if (!wrapper) {
    // The URL is serialised already (no quote or line break survives URL parsing unescaped);
    // JSON.stringify makes it a string literal all the same.
    const source = `import ${JSON.stringify(new URL(absolute).href)};\n`;
    wrapper = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    wrappers.set(absolute, wrapper);
  }
  return wrapper;
}

/**
 * The constructors to start the worker with: the browser's own when the module is same-origin
 * with the page, otherwise ones that start it through `sameOriginWrapper` (module workers only:
 * a classic worker cannot `import`).
 */
export function workerConstructors(moduleUrl: string, pageOrigin: string): WorkerConstructors {
  const Shared = typeof SharedWorker === 'undefined' ? undefined : SharedWorker;
  if (!isCrossOrigin(moduleUrl, pageOrigin)) return { SharedWorker: Shared, Worker };
  const Dedicated = class extends Worker {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(sameOriginWrapper(url), { ...options, type: 'module' });
    }
  };
  const WrappedShared = Shared
    ? class extends Shared {
        constructor(url: string | URL, options?: string | WorkerOptions) {
          const named = typeof options === 'string' ? { name: options } : options;
          super(sameOriginWrapper(url), { ...named, type: 'module' });
        }
      }
    : undefined;
  return { SharedWorker: WrappedShared, Worker: Dedicated };
}
