/// <reference path="./sql-wasm-browser.d.ts" />
/**
 * Loads sql.js once per worker. The wasm is found relative to this module, so it comes from the
 * project's own build output wherever the site is hosted (Vite copies the file and rewrites the
 * URL), never from a CDN. The URL is absolute, computed from this module's own URL, never from the
 * page's or the worker's location: on a wiki of another origin the worker starts from a blob:
 * wrapper (cross-origin-worker.ts) whose location is the wiki's, while this module, its glue and
 * the wasm stay on the gateway (fetched with CORS).
 *
 * The glue code is imported dynamically: the worker starts, restores the saved snapshots and opens
 * its socket without waiting for it (a first paint needs no database).
 */
import type { SqlJsStatic } from 'sql.js';

const WASM_URL = new URL('../node_modules/sql.js/dist/sql-wasm-browser.wasm', import.meta.url);

let loading: Promise<SqlJsStatic> | null = null;

export function loadSqlJs(wasmUrl: URL | string = WASM_URL): Promise<SqlJsStatic> {
  loading ??= import('sql.js/dist/sql-wasm-browser.js').then((module) => module.default({ locateFile: () => String(wasmUrl) }));
  return loading;
}
