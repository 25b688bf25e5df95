/**
 * The one module a page loads to get every webstat element (built as `webstat-widgets.js`):
 *
 *   <script type="module" src="https://stats.example.org/webstat-widgets.js"></script>
 *   <webstat-cluster-row gateway="https://stats.example.org" cluster="hopper"></webstat-cluster-row>
 *
 * The worker and the sql.js wasm are found relative to this module's own URL, so the module works
 * from any static host or CDN path.
 */
import './dashboard/define.ts';
import { defineHistoryLater } from './history/define-later.ts';

// Every element is defined by loading the module; the history chart's chunk follows by itself.
void defineHistoryLater().catch((error: unknown) => console.warn('webstat: <webstat-history> did not load', error));

export { WebstatClusterRow } from './cluster-row/cluster-row.ts';
export { WebstatDashboard } from './dashboard/dashboard.ts';
// <webstat-history> (with uPlot) comes from a chunk of its own: `await defineHistoryLater()` gives
// its class once it is defined.
export { defineHistoryLater };
export type { WebstatHistory } from './history/history.ts';
export { WebstatPie } from './pie/pie.ts';
export { WebstatStatus } from './status/status.ts';
export { setWorkerApiProvider, workerApi } from './data/worker-api.ts';
export type { WebstatEventMap } from './emit.ts';
