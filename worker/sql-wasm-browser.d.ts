/** The browser build of sql.js, imported by path so every bundler and dev server picks the same
 * file (no `node:fs` fallbacks); its API is that of the package's main entry. */
declare module 'sql.js/dist/sql-wasm-browser.js' {
  import initSqlJs from 'sql.js';
  export default initSqlJs;
}
