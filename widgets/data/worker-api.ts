/**
 * Where the elements get the worker's API. By default, the page's one comlink proxy of the shared
 * worker (worker/connect-worker.ts), made on first use, so a page that only imports the elements
 * starts no worker until one of them is given a gateway. A page or a test can put another
 * implementation in its place (a test's in-page stand-in, a worker started with other options).
 */
import type { WebstatWorkerApi } from '../../worker/api.ts';
import { connectWorker, proxy } from '../../worker/connect-worker.ts';

export type WorkerApiProvider = () => WebstatWorkerApi;

const defaultProvider: WorkerApiProvider = () => connectWorker() as unknown as WebstatWorkerApi;

let provider: WorkerApiProvider = defaultProvider;
let api: WebstatWorkerApi | null = null;

/** The API every element of this page shares. */
export function workerApi(): WebstatWorkerApi {
  api ??= provider();
  return api;
}

/** Replaces the source of the API (null restores the shared worker); elements connected later use it. */
export function setWorkerApiProvider(next: WorkerApiProvider | null): void {
  provider = next ?? defaultProvider;
  api = null;
}

/** Wraps a callback so that it can cross to the worker (comlink passes it by reference). */
export function workerCallback<T extends (...args: never[]) => unknown>(callback: T): T {
  return proxy(callback);
}
