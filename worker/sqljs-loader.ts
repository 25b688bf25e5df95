/// <reference path="./sql-wasm-browser.d.ts" />
/**
 * Loads sql.js once per worker. The wasm is found relative to this module, so it comes from the
 * project's own build output wherever the site is hosted (Vite copies the file and rewrites the
 * URL), never from a CDN.
 */
import initSqlJs from 'sql.js/dist/sql-wasm-browser.js';
import type { SqlJsStatic } from 'sql.js';

const WASM_URL = new URL('../node_modules/sql.js/dist/sql-wasm-browser.wasm', import.meta.url);

let loading: Promise<SqlJsStatic> | null = null;

export function loadSqlJs(wasmUrl: URL | string = WASM_URL): Promise<SqlJsStatic> {
  loading ??= initSqlJs({ locateFile: () => String(wasmUrl) });
  return loading;
}
