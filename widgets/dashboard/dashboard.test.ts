/// <reference types="mocha" />
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { WebstatClusterRow } from '../cluster-row/cluster-row.ts';
import { setWorkerApiProvider } from '../data/worker-api.ts';
import { FakeWorkerApi } from '../test-support/fake-worker-api.ts';
import { sampleView } from '../test-support/sample-data.ts';
import type { WebstatPie } from '../pie/pie.ts';
import type { WebstatDashboard } from './dashboard.ts';
import { pageOf } from './pages.ts';
import './define.ts';

const views = ['alpha', 'beta', 'gamma'].map((cluster) => sampleView({ cluster, label: cluster.toUpperCase() }));

function rows(dashboard: WebstatDashboard): WebstatClusterRow[] {
  return [...dashboard.shadowRoot!.querySelectorAll('webstat-cluster-row')];
}

function shown(dashboard: WebstatDashboard): string[] {
  return rows(dashboard)
    .filter((row) => !row.closest('li')!.hidden)
    .map((row) => row.cluster);
}

describe('webstat-dashboard', () => {
  let api: FakeWorkerApi;

  beforeEach(() => {
    api = new FakeWorkerApi(views);
    setWorkerApiProvider(() => api);
  });

  afterEach(() => setWorkerApiProvider(null));

  it('shows one row per cluster of the gateway, in the gateway’s order', async () => {
    const dashboard = await fixture<WebstatDashboard>(html`<webstat-dashboard gateway="https://gateway.test"></webstat-dashboard>`);
    await waitUntil(() => rows(dashboard).length === 3, 'no rows');
    expect(rows(dashboard).map((row) => row.cluster)).to.deep.equal(['alpha', 'beta', 'gamma']);
    await waitUntil(() => rows(dashboard).every((row) => row.view !== null), 'rows got no data');
    expect(rows(dashboard).map((row) => row.shadowRoot!.querySelector('[part=title]')!.textContent)).to.deep.equal(['ALPHA', 'BETA', 'GAMMA']);
  });

  it('chooses and orders clusters by attribute', async () => {
    const dashboard = await fixture<WebstatDashboard>(html`<webstat-dashboard gateway="https://gateway.test" clusters="gamma, alpha"></webstat-dashboard>`);
    await waitUntil(() => rows(dashboard).length === 2);
    expect(rows(dashboard).map((row) => row.cluster)).to.deep.equal(['gamma', 'alpha']);
  });

  it('passes range, metric and theme down, and changes them with its controls', async () => {
    const dashboard = await fixture<WebstatDashboard>(
      html`<webstat-dashboard gateway="https://gateway.test" controls range="7d" metric="gpus" theme="dark"></webstat-dashboard>`,
    );
    await waitUntil(() => rows(dashboard).length === 3);
    expect(rows(dashboard).map((row) => [row.range, row.metric, row.theme])).to.deep.equal(Array(3).fill(['7d', 'gpus', 'dark']));
    let detail: unknown = null;
    dashboard.addEventListener('webstat-controls', (event) => (detail = event.detail));
    const range1h = [...dashboard.shadowRoot!.querySelectorAll<HTMLButtonElement>('[aria-label="Time range"] button')].find(
      (button) => button.textContent!.trim() === '1h',
    )!;
    range1h.click();
    await dashboard.updateComplete;
    expect(detail).to.deep.equal({ range: '1h', metric: 'gpus' });
    expect(range1h.getAttribute('aria-checked')).to.equal('true');
    expect(rows(dashboard)[0]!.range).to.equal('1h');
  });

  it('highlights a user chosen in one row in every row', async () => {
    const dashboard = await fixture<WebstatDashboard>(html`<webstat-dashboard gateway="https://gateway.test"></webstat-dashboard>`);
    await waitUntil(() => rows(dashboard).length === 3 && rows(dashboard).every((row) => row.view));
    const second = rows(dashboard)[1]!;
    await second.updateComplete;
    const pie = second.shadowRoot!.querySelector<WebstatPie>('webstat-pie.by-user')!;
    await pie.updateComplete;
    pie.shadowRoot!.querySelector<HTMLButtonElement>('.legend button[data-name="garcia"]')!.click();
    await dashboard.updateComplete;
    expect(rows(dashboard).map((row) => row.highlightUser)).to.deep.equal(['garcia', 'garcia', 'garcia']);
  });

  it('pages rows for a wall and turns the pages', async () => {
    const dashboard = await fixture<WebstatDashboard>(
      html`<webstat-dashboard gateway="https://gateway.test" fit page-size="2" rotate="0.2"></webstat-dashboard>`,
    );
    await waitUntil(() => rows(dashboard).length === 3);
    expect(shown(dashboard)).to.deep.equal(['alpha', 'beta']);
    expect(dashboard.shadowRoot!.querySelector('[part=pager]')!.textContent).to.equal('Page 1 of 2');
    await waitUntil(() => shown(dashboard)[0] === 'gamma', 'the page did not turn', { timeout: 3_000 });
    expect(shown(dashboard)).to.deep.equal(['gamma']);
    await waitUntil(() => shown(dashboard)[0] === 'alpha', 'the pages did not wrap around', { timeout: 3_000 });
  });

  it('passes an accessibility audit with its controls and rows', async function () {
    this.timeout(60_000);
    const dashboard = await fixture<WebstatDashboard>(html`<webstat-dashboard gateway="https://gateway.test" controls></webstat-dashboard>`);
    await waitUntil(() => rows(dashboard).length === 3 && rows(dashboard).every((row) => row.view && row.history));
    await expect(dashboard).to.be.accessible();
  });

  it('says what is going on when there is nothing to show', async () => {
    const none = await fixture<WebstatDashboard>(html`<webstat-dashboard></webstat-dashboard>`);
    expect(none.shadowRoot!.querySelector('[part=message]')!.textContent).to.equal('No gateway given.');
    api.connectError = { code: 'unauthorized', message: 'unknown token' };
    const refused = await fixture<WebstatDashboard>(html`<webstat-dashboard gateway="https://gateway.test" token="x"></webstat-dashboard>`);
    await waitUntil(() => refused.shadowRoot!.querySelector('[part=message]')!.textContent!.includes('unauthorized'));
    api.connectError = null;
    api.connection = { ...api.connection, clusters: [] };
    const empty = await fixture<WebstatDashboard>(html`<webstat-dashboard gateway="https://gateway.test"></webstat-dashboard>`);
    await waitUntil(() => empty.shadowRoot!.querySelector('[part=message]')!.textContent === 'This gateway shows no clusters to you.');
  });
});

describe('pageOf', () => {
  it('shows everything on one page unless paged', () => {
    expect(pageOf(5, 0, 3)).to.deep.equal({ first: 0, count: 5, size: 5, pages: 1, page: 0 });
    expect(pageOf(5, 8, 1)).to.deep.equal({ first: 0, count: 5, size: 5, pages: 1, page: 0 });
  });

  it('keeps a short last page at full-page row height and wraps around', () => {
    expect(pageOf(10, 8, 1)).to.deep.equal({ first: 8, count: 2, size: 8, pages: 2, page: 1 });
    expect(pageOf(10, 8, 2)).to.deep.equal({ first: 0, count: 8, size: 8, pages: 2, page: 0 });
  });
});
