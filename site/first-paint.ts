/**
 * Marks the moments a dashboard has drawn its first data, read by the site benchmarks and tests:
 *
 * - `webstat-first-paint` (performance mark): every row shows its status, figures and pies. This
 *   is the first paint a person waits for; it needs no history, no database and, after a reload,
 *   no gateway (the worker restores the last snapshots from IndexedDB).
 * - `webstat-charts-drawn` (performance mark) and `data-ready` on <html>: every row's history
 *   chart has drawn too (tests wait for this: everything is on screen).
 *
 * Each mark is set once the frame that shows the last row's data has been laid out and painted:
 * in the task after that frame's animation-frame callbacks (the rendering of a frame follows its
 * callbacks in the same task), so the time counts the style, layout and paint of the data too.
 */
import { afterNextPaint } from '../widgets/data/after-paint.ts';
import type { WebstatDashboard } from '../widgets/dashboard/dashboard.ts';

export const FIRST_PAINT_MARK = 'webstat-first-paint';
export const CHARTS_DRAWN_MARK = 'webstat-charts-drawn';

/** Calls `done` once the frame after every cluster of the dashboard sent `event` is rendered. */
function whenEveryRow(dashboard: WebstatDashboard, event: 'webstat-ready' | 'webstat-chart-ready', done: () => void): void {
  const ready = new Set<string>();
  const onReady = (e: CustomEvent<{ cluster: string }>) => {
    ready.add(e.detail.cluster);
    const wanted = dashboard.clusterNames;
    if (wanted.length === 0 || !wanted.every((name) => ready.has(name))) return;
    dashboard.removeEventListener(event, onReady);
    afterNextPaint(done);
  };
  dashboard.addEventListener(event, onReady);
}

export function markFirstPaint(dashboard: WebstatDashboard): void {
  let painted = false;
  let charts = false;
  const settle = () => {
    if (painted && charts) document.documentElement.dataset.ready = 'true';
  };
  whenEveryRow(dashboard, 'webstat-ready', () => {
    performance.mark(FIRST_PAINT_MARK);
    painted = true;
    settle();
  });
  whenEveryRow(dashboard, 'webstat-chart-ready', () => {
    performance.mark(CHARTS_DRAWN_MARK);
    charts = true;
    settle();
  });
}
