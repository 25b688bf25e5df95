/**
 * Marks the moment every row of a dashboard has drawn its first data: a `webstat-first-paint`
 * performance mark (read by the site benchmarks) and `data-ready` on <html> (waited for by tests).
 * The mark is set in the animation frame after the last row is ready, when it is on screen.
 */
import type { WebstatDashboard } from '../widgets/dashboard/dashboard.ts';

export const FIRST_PAINT_MARK = 'webstat-first-paint';

export function markFirstPaint(dashboard: WebstatDashboard): void {
  const ready = new Set<string>();
  const onReady = (event: CustomEvent<{ cluster: string }>) => {
    ready.add(event.detail.cluster);
    const wanted = dashboard.clusterNames;
    if (wanted.length === 0 || !wanted.every((name) => ready.has(name))) return;
    dashboard.removeEventListener('webstat-ready', onReady);
    requestAnimationFrame(() => {
      performance.mark(FIRST_PAINT_MARK);
      document.documentElement.dataset.ready = 'true';
    });
  };
  dashboard.addEventListener('webstat-ready', onReady);
}
