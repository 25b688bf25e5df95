/// <reference types="mocha" />
import { expect, waitUntil } from '@open-wc/testing';
import type { WebstatDashboard } from '../widgets/dashboard/dashboard.ts';
import { CHARTS_DRAWN_MARK, FIRST_PAINT_MARK, markFirstPaint } from './first-paint.ts';

/** A stand-in dashboard: an element that lists clusters and lets rows' events bubble through it. */
function dashboardOf(names: string[]): WebstatDashboard {
  const element = document.createElement('div');
  Object.defineProperty(element, 'clusterNames', { get: () => names });
  document.body.append(element);
  return element as unknown as WebstatDashboard;
}

const tell = (dashboard: WebstatDashboard, name: 'webstat-ready' | 'webstat-chart-ready', cluster: string) =>
  dashboard.dispatchEvent(new CustomEvent(name, { detail: { cluster }, bubbles: true, composed: true }));

const marked = (name: string) => performance.getEntriesByName(name).length > 0;

describe('first paint marks', () => {
  beforeEach(() => {
    performance.clearMarks();
    delete document.documentElement.dataset.ready;
  });

  it('marks the first paint when every row shows its figures and pies, and data-ready only once every chart has drawn too', async () => {
    const dashboard = dashboardOf(['hydra', 'orca']);
    markFirstPaint(dashboard);
    tell(dashboard, 'webstat-ready', 'hydra');
    tell(dashboard, 'webstat-chart-ready', 'hydra');
    await new Promise((resolve) => requestAnimationFrame(resolve));
    expect([marked(FIRST_PAINT_MARK), marked(CHARTS_DRAWN_MARK)]).to.deep.equal([false, false]);
    tell(dashboard, 'webstat-ready', 'orca');
    await waitUntil(() => marked(FIRST_PAINT_MARK), 'no first-paint mark');
    expect(marked(CHARTS_DRAWN_MARK)).to.equal(false);
    expect(document.documentElement.dataset.ready).to.equal(undefined);
    tell(dashboard, 'webstat-chart-ready', 'orca');
    await waitUntil(() => document.documentElement.dataset.ready === 'true', 'never data-ready');
    expect(marked(CHARTS_DRAWN_MARK)).to.equal(true);
    const [paint, charts] = [FIRST_PAINT_MARK, CHARTS_DRAWN_MARK].map((name) => performance.getEntriesByName(name)[0]!.startTime);
    expect(charts).to.be.at.least(paint!);
    dashboard.remove();
  });

  it('sets data-ready when the charts happen to be drawn before the last pie', async () => {
    const dashboard = dashboardOf(['hydra']);
    markFirstPaint(dashboard);
    tell(dashboard, 'webstat-chart-ready', 'hydra');
    await new Promise((resolve) => requestAnimationFrame(resolve));
    expect(document.documentElement.dataset.ready).to.equal(undefined);
    tell(dashboard, 'webstat-ready', 'hydra');
    await waitUntil(() => document.documentElement.dataset.ready === 'true', 'never data-ready');
    dashboard.remove();
  });
});
