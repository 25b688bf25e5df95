/**
 * How pages and widgets reach the worker:
 *
 *   const api = connectWorker();                       // Comlink.Remote<WebstatWorkerApi>
 *   await api.connect('https://stats.example.org', null);
 *   const id = await api.subscribe(gateway, 'alpha', 'users', proxy((change) => ...));
 *
 * One SharedWorker (named `webstat`) serves every tab of the origin; where SharedWorker is
 * missing, each page gets a dedicated Worker. The worker script (and, inside it, the sql.js wasm)
 * is found relative to this module, so a build works from any static host or CDN path; Vite
 * bundles the worker as its own chunk from the `new SharedWorker(new URL(...))` below. When this
 * module came from another origin than the page's (a wiki loading it from the gateway), the worker
 * starts through a same-origin blob: wrapper (cross-origin-worker.ts).
 *
 * The page holds a Web Lock for as long as it lives, so the worker drops the page's
 * subscriptions when it goes, even without a goodbye.
 */
import * as Comlink from 'comlink';
import type { WebstatWorkerApi } from './api.ts';
import { installErrorTransfer } from './comlink-errors.ts';
import { workerConstructors } from './cross-origin-worker.ts';
import type { PortApi, WorkerDiagnostics } from './port-api.ts';

export { proxy } from 'comlink';

export interface ConnectWorkerOptions {
  /** Worker name: pages that use the same name share one worker (default `webstat`). */
  name?: string;
  /** Force a dedicated Worker even where SharedWorker exists. */
  dedicated?: boolean;
}

export type WorkerApi = Comlink.Remote<WebstatWorkerApi>;

interface Handle {
  remote: Comlink.Remote<PortApi>;
  close: () => void;
}

const handles = new Map<string, Handle>();
const owners = new WeakMap<object, Handle>();

/** A worker that cannot start (its script refused by CORS or the page's CSP) says so once. */
function reportStartFailure(target: EventTarget): void {
  target.addEventListener('error', (event) => {
    const message = event instanceof ErrorEvent && event.message ? event.message : 'the script did not load';
    console.error(`webstat: worker-start-failed: ${message} (a page on another origin needs the gateway's CORS headers and, under a Content-Security-Policy, blob: in worker-src)`);
  }, { once: true });
}

function startWorker(name: string, dedicated: boolean): { endpoint: Comlink.Endpoint; close: () => void } {
  // Vite bundles the worker only from the literal `new SharedWorker(new URL('…', import.meta.url))`
  // form, so the cross-origin wrapper is chosen by what these two names are bound to, not by
  // another call.
  const { SharedWorker, Worker } = workerConstructors(import.meta.url, location.origin);
  if (!dedicated && SharedWorker) {
    const worker = new SharedWorker(new URL('./shared-worker.ts', import.meta.url), { type: 'module', name });
    reportStartFailure(worker);
    worker.port.start();
    return { endpoint: worker.port, close: () => worker.port.close() };
  }
  const worker = new Worker(new URL('./shared-worker.ts', import.meta.url), { type: 'module', name });
  reportStartFailure(worker);
  return { endpoint: worker, close: () => worker.terminate() };
}

/** Holds a Web Lock until the page goes, then tells the worker which lock to wait for. */
async function holdLifetimeLock(remote: Comlink.Remote<PortApi>, release: Promise<void>): Promise<void> {
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  if (!locks) return;
  const name = `webstat-port-${crypto.randomUUID()}`;
  await new Promise<void>((held) => {
    void locks.request(name, () => {
      held();
      return release;
    });
  });
  await remote.attach(name);
}

/** The worker's API for this page; every call with the same name returns the same proxy. */
export function connectWorker(options: ConnectWorkerOptions = {}): WorkerApi {
  const name = options.name ?? 'webstat';
  const existing = handles.get(name);
  if (existing) return existing.remote;
  installErrorTransfer();
  const { endpoint, close } = startWorker(name, options.dedicated ?? false);
  const remote = Comlink.wrap<PortApi>(endpoint);
  let releaseLock: () => void = () => {};
  const lockReleased = new Promise<void>((resolve) => (releaseLock = resolve));
  void holdLifetimeLock(remote, lockReleased).catch(() => {});
  const onPageHide = (event: PageTransitionEvent) => {
    // A page kept in the back/forward cache comes back: keep its port.
    if (!event.persisted) void remote.goodbye();
  };
  // Hidden is the last moment a page can count on (a closed tab may never see pagehide): save.
  const onVisibility = () => {
    if (document.visibilityState === 'hidden') void remote.flush();
  };
  addEventListener('pagehide', onPageHide);
  document.addEventListener('visibilitychange', onVisibility);
  const handle: Handle = {
    remote,
    close: () => {
      removeEventListener('pagehide', onPageHide);
      document.removeEventListener('visibilitychange', onVisibility);
      releaseLock();
      remote[Comlink.releaseProxy]();
      close();
    },
  };
  handles.set(name, handle);
  owners.set(remote, handle);
  return remote;
}

/**
 * Ends this page's use of a worker: its subscriptions and watches end, the history is saved, and
 * the next `connectWorker` starts afresh (a worker with no page left is ended by the browser).
 */
export async function disconnectWorker(api: WorkerApi): Promise<void> {
  const handle = owners.get(api);
  if (!handle) return;
  for (const [name, entry] of handles) if (entry === handle) handles.delete(name);
  try {
    await handle.remote.goodbye();
  } finally {
    handle.close();
  }
}

/** Saves the worker's history to IndexedDB now (tests; pages need not call it). */
export async function flushWorker(api: WorkerApi): Promise<void> {
  await owners.get(api)?.remote.flush();
}

/** Which worker instance serves this page and what it restored at start (tests, support). */
export async function workerDiagnostics(api: WorkerApi): Promise<WorkerDiagnostics | null> {
  return (await owners.get(api)?.remote.diagnostics()) ?? null;
}
