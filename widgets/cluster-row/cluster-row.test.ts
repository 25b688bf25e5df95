/// <reference types="mocha" />
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { CLOCK_TICK_MS, clockNow } from '../data/clock-text.ts';
import { LIVE_BATCH_MS } from '../data/live-batch.ts';
import { formatDuration } from '../format/format-duration.ts';
import { setWorkerApiProvider } from '../data/worker-api.ts';
import type { WebstatHistory } from '../history/history.ts';
import type { WebstatPie } from '../pie/pie.ts';
import type { WebstatStatus } from '../status/status.ts';
import { FakeWorkerApi } from '../test-support/fake-worker-api.ts';
import { sampleView } from '../test-support/sample-data.ts';
import type { WebstatClusterRow } from './cluster-row.ts';
import './define.ts';

const text = (element: Element | null | undefined) => (element?.textContent ?? '').replace(/\s+/g, ' ').trim();
const digits = (value: string) => Number(value.replace(/[^0-9]/g, ''));

function parts(row: WebstatClusterRow) {
  const root = row.shadowRoot!;
  return {
    root,
    title: text(root.querySelector('[part=title]')),
    figure: (name: string) => text(root.querySelector(`.figure.${name} dd`)),
    userPie: root.querySelector<WebstatPie>('webstat-pie.by-user')!,
    groupPie: root.querySelector<WebstatPie>('webstat-pie.by-group')!,
    history: root.querySelector<WebstatHistory>('webstat-history')!,
    status: root.querySelector<WebstatStatus>('webstat-status')!,
  };
}

/** Renders a row and waits until it is ready (the event may come before a listener could be added). */
async function readyRow(template: ReturnType<typeof html>) {
  const row = await fixture<WebstatClusterRow>(template);
  await waitUntil(() => row.view && row.history, 'the row got no data', { timeout: 5_000 });
  await settled(row);
  return row;
}

async function settled(row: WebstatClusterRow) {
  await row.updateComplete;
  // The chart's element comes from a chunk of its own, defined after the row's.
  await customElements.whenDefined('webstat-history');
  const { userPie, groupPie, history, status } = parts(row);
  await Promise.all([userPie.updateComplete, groupPie.updateComplete, history.updateComplete, status.updateComplete]);
  // The pies' tables for screen readers join in the frame after their first slices.
  await waitUntil(() => [userPie, groupPie].every((pie) => pie.slices === null || pie.shadowRoot!.querySelector('table')), 'no pie tables');
}

function pieRows(pie: WebstatPie): Array<[string, number]> {
  return [...pie.shadowRoot!.querySelectorAll('tbody tr')].map((row) => {
    const cells = [...row.querySelectorAll('th, td')].map((cell) => text(cell));
    return [cells[0]!, digits(cells[1]!)];
  });
}

describe('webstat-cluster-row with data given directly', () => {
  it('shows the header figures of the summary', async () => {
    const view = sampleView();
    const row = await fixture<WebstatClusterRow>(html`<webstat-cluster-row .view=${view}></webstat-cluster-row>`);
    await settled(row);
    const { title, figure, root } = parts(row);
    expect(title).to.equal('Hopper');
    expect(text(root.querySelector('.scheduler'))).to.equal('PBS Pro 2022.1.3');
    const cores = figure('cores');
    expect(cores).to.equal('1,240 in use of/ 2,048 61% 96 unavailable'); // the slash is hidden from screen readers
    expect(figure('gpus')).to.equal('6 in use of/ 16');
    // 40 busy + 12 partly used + 9 free are up; running counts the exiting job; queued counts waiting.
    expect(figure('nodes')).to.equal('61 up 2 down 1 offline');
    expect(figure('jobs')).to.equal('38 running 123 queued 4 held');
    // The wait ages with the clock: what it says now (or a tick ago, had the clock just moved on).
    const oldest = view.summary.oldestQueuedSince!;
    const now = clockNow();
    expect(figure('wait')).to.be.oneOf([formatDuration(now - oldest), formatDuration(now - CLOCK_TICK_MS / 1000 - oldest)]);
  });

  it('draws a pie by user and one by group with the numbers of the summary', async () => {
    const row = await fixture<WebstatClusterRow>(html`<webstat-cluster-row .view=${sampleView()}></webstat-cluster-row>`);
    await settled(row);
    const { userPie, groupPie } = parts(row);
    expect(pieRows(userPie)).to.deep.equal([
      ['smith', 512],
      ['kumar', 488],
      ['garcia', 240],
    ]);
    expect(pieRows(groupPie)).to.deep.equal([
      ['chem', 752],
      ['physics', 488],
    ]);
    const usersTotal = pieRows(userPie).reduce((sum, [, cores]) => sum + cores, 0);
    expect(usersTotal).to.equal(sampleView().summary.coresUsed);
  });

  it('counts GPUs or jobs when the metric says so, and says when a cluster has no GPUs', async () => {
    const row = await fixture<WebstatClusterRow>(html`<webstat-cluster-row metric="jobs" .view=${sampleView()}></webstat-cluster-row>`);
    await settled(row);
    expect(pieRows(parts(row).userPie)).to.deep.equal([
      ['smith', 21],
      ['kumar', 11],
      ['garcia', 6],
    ]);
    row.metric = 'gpus';
    const summary = sampleView().summary;
    row.view = sampleView({
      summary: { ...summary, gpusTotal: 0, gpusUsed: 0, users: summary.users.map((user) => ({ ...user, gpusRunning: 0 })) },
    });
    await settled(row);
    const pie = parts(row).userPie;
    expect(text(pie.shadowRoot!.querySelector('.centre'))).to.equal('No GPUs here');
    expect(parts(row).figure('gpus')).to.equal('');
  });

  it('folds users below top into others', async () => {
    const row = await fixture<WebstatClusterRow>(html`<webstat-cluster-row top="1" .view=${sampleView()}></webstat-cluster-row>`);
    await settled(row);
    expect(pieRows(parts(row).userPie)).to.deep.equal([
      ['smith', 512],
      ['others', 728],
    ]);
  });

  it('marks a stale and an unreachable cluster as a whole, with the reason', async () => {
    const stale = sampleView({ status: { ...sampleView().status, health: 'stale', message: 'collection overdue' } });
    const row = await fixture<WebstatClusterRow>(html`<webstat-cluster-row .view=${stale}></webstat-cluster-row>`);
    await settled(row);
    const { root, status } = parts(row);
    expect(root.querySelector('.row')!.classList.contains('tone-stale')).to.equal(true);
    expect(text(status.shadowRoot!.querySelector('[part=title]'))).to.equal('Stale');
    expect(text(status.shadowRoot!.querySelector('[part=detail]'))).to.match(/^collection overdue · last data/);
    row.view = sampleView({ status: { ...sampleView().status, health: 'unreachable', message: 'ssh: connection refused' } });
    await settled(row);
    expect(root.querySelector('.row')!.classList.contains('tone-error')).to.equal(true);
    expect(text(status.shadowRoot!.querySelector('[part=title]'))).to.equal('Unreachable');
    const pieDrawing = parts(row).userPie.shadowRoot!.querySelector('svg')!;
    expect(getComputedStyle(pieDrawing).opacity).to.not.equal('1');
  });

  it('highlights a user chosen in the pie in the history too', async () => {
    const row = await fixture<WebstatClusterRow>(html`<webstat-cluster-row .view=${sampleView()}></webstat-cluster-row>`);
    await settled(row);
    const { userPie, history } = parts(row);
    userPie.shadowRoot!.querySelector<HTMLButtonElement>('.legend button[data-name="kumar"]')!.click();
    await settled(row);
    expect(row.highlightUser).to.equal('kumar');
    expect(history.highlight).to.equal('kumar');
  });

  it('shows the queue table when asked', async () => {
    const view = sampleView({
      queues: [
        { name: 'normal', kind: 'execution', enabled: true, started: true, jobs: { ...sampleView().summary.jobs, running: 30, exiting: 0, queued: 90, waiting: 0, held: 2 }, walltimeMax: 172_800, priority: 50, limits: {} },
        { name: 'gpu', kind: 'execution', enabled: true, started: false, jobs: { ...sampleView().summary.jobs, running: 8, exiting: 0, queued: 3, waiting: 0, held: 0 }, walltimeMax: 86_400, priority: 60, limits: {} },
      ],
    });
    const row = await fixture<WebstatClusterRow>(html`<webstat-cluster-row queues .view=${view}></webstat-cluster-row>`);
    await settled(row);
    const rows = [...row.shadowRoot!.querySelectorAll('.queues tbody tr')].map((tr) => [...tr.children].map((cell) => text(cell)));
    expect(rows).to.deep.equal([
      ['gpu', 'not starting', '8', '3', '0', '240', '1 d'],
      ['normal', 'open', '30', '90', '2', '1,000', '2 d'],
    ]);
  });

  it('passes an accessibility audit', async function () {
    this.timeout(40_000);
    const row = await fixture<WebstatClusterRow>(html`<webstat-cluster-row queues .view=${sampleView()}></webstat-cluster-row>`);
    await settled(row);
    await expect(row).to.be.accessible();
  });

  it('passes an accessibility audit dark, stale and fitted to a wall row', async function () {
    this.timeout(40_000);
    const stale = sampleView({ status: { ...sampleView().status, health: 'stale', message: 'collection overdue' } });
    const container = await fixture<HTMLDivElement>(html`<div style="height: 140px; width: 1800px; background: #05080b">
      <webstat-cluster-row fit theme="dark" .view=${stale}></webstat-cluster-row>
    </div>`);
    const row = container.querySelector<WebstatClusterRow>('webstat-cluster-row')!;
    await settled(row);
    await expect(row).to.be.accessible();
  });
});

describe('webstat-cluster-row following a cluster through the worker API (in-page stand-in)', () => {
  let api: FakeWorkerApi;

  beforeEach(() => {
    api = new FakeWorkerApi([sampleView()]);
    api.seriesAnswer = (query) => ({
      times: [query.from, query.to],
      series: [{ name: 'smith', values: [500, 512] }],
    });
    setWorkerApiProvider(() => api);
  });

  afterEach(() => setWorkerApiProvider(null));

  it('subscribes, asks for the range’s history, and is ready', async () => {
    let ready: unknown = null;
    const row = await readyRow(
      html`<webstat-cluster-row
        gateway="https://gateway.test"
        cluster="hopper"
        range="7d"
        token="t0k"
        @webstat-ready=${(event: CustomEvent) => (ready = event.detail)}
      ></webstat-cluster-row>`,
    );
    await waitUntil(() => ready);
    expect(ready).to.deep.equal({ cluster: 'hopper' });
    expect(api.calls).to.include.members(['connect https://gateway.test t0k', 'subscribe hopper users']);
    const query = api.seriesQueries.at(-1)!;
    expect([query.cluster, query.groupBy, query.metric, query.step, query.to - query.from]).to.deep.equal(['hopper', 'user', 'cores', 1800, 7 * 86_400]);
    expect(query.to % 1800).to.equal(0);
    expect(parts(row).title).to.equal('Hopper');
  });

  it('is ready with its status, figures and pies before its history comes, and says when the chart has drawn', async () => {
    let release: () => void = () => {};
    api.seriesGate = new Promise((resolve) => (release = resolve));
    const events: string[] = [];
    const row = await fixture<WebstatClusterRow>(
      html`<webstat-cluster-row
        gateway="https://gateway.test"
        cluster="hopper"
        @webstat-ready=${() => events.push('ready')}
        @webstat-chart-ready=${() => events.push('chart')}
      ></webstat-cluster-row>`,
    );
    await waitUntil(() => events.includes('ready'), 'the row was never ready');
    const { figure, userPie, groupPie, history } = parts(row);
    expect(figure('jobs')).to.equal('38 running 123 queued 4 held');
    await waitUntil(() => pieRows(userPie).length > 0 && pieRows(groupPie).length > 0, 'no pie tables');
    expect(pieRows(userPie).map(([name]) => name)).to.include('smith');
    expect(history.data).to.equal(null);
    expect(events).to.deep.equal(['ready']);
    release();
    await waitUntil(() => events.includes('chart'), 'the chart never said it was drawn');
    expect(events).to.deep.equal(['ready', 'chart']);
    expect(parts(row).history.data?.series.map((one) => one.name)).to.deep.equal(['smith']);
  });

  it('applies changes that carry only what changed, keeping the rest', async () => {
    const row = await readyRow(html`<webstat-cluster-row gateway="https://gateway.test" cluster="hopper"></webstat-cluster-row>`);
    const before = row.view!;
    api.push({ cluster: 'hopper', seq: 43, time: before.time + 60, status: { ...before.status, health: 'stale', message: 'late' } });
    // Live changes are drawn with the page's next batch (within LIVE_BATCH_MS), not at once.
    await waitUntil(() => row.view!.seq === 43, 'the change was not applied', { timeout: LIVE_BATCH_MS + 2_000 });
    await settled(row);
    expect(row.view!.summary).to.equal(before.summary);
    expect(row.view).to.not.equal(before);
    expect(text(parts(row).status.shadowRoot!.querySelector('[part=title]'))).to.equal('Stale');
  });

  it('asks again at once when history arrives after a first answer that had almost none', async function () {
    this.timeout(15_000);
    // The first answer holds the one live sample there was; the gateway's history block follows.
    api.seriesAnswer = (query) => ({ times: [query.from, query.to], series: [{ name: 'kumar', values: [null, 12] }] });
    const row = await readyRow(html`<webstat-cluster-row gateway="https://gateway.test" cluster="hopper"></webstat-cluster-row>`);
    await waitUntil(() => api.seriesQueries.length > 0, 'no history asked');
    const asked = api.seriesQueries.length;
    api.seriesAnswer = (query) => ({ times: [query.from, query.to], series: [{ name: 'kumar', values: [10, 12] }] });
    api.push({ cluster: 'hopper', seq: row.view!.seq, time: row.view!.time, history: true });
    await waitUntil(() => api.seriesQueries.length > asked, 'history was not asked again', { timeout: LIVE_BATCH_MS + 2_000 });
    await waitUntil(() => row.history?.series[0]?.values[0] === 10, 'the chart did not get the new history', { timeout: LIVE_BATCH_MS + 2_000 });
  });

  it('waits for its refresh interval when a chart that already reaches back gets a new sample', async function () {
    this.timeout(15_000);
    api.seriesAnswer = (query) => ({ times: [query.from, query.to], series: [{ name: 'kumar', values: [10, 12] }] });
    const row = await readyRow(html`<webstat-cluster-row gateway="https://gateway.test" cluster="hopper"></webstat-cluster-row>`);
    await waitUntil(() => api.seriesQueries.length > 0, 'no history asked');
    const asked = api.seriesQueries.length;
    api.push({ cluster: 'hopper', seq: row.view!.seq + 1, time: row.view!.time + 60, history: true });
    await new Promise((resolve) => setTimeout(resolve, LIVE_BATCH_MS + 500));
    expect(api.seriesQueries.length).to.equal(asked);
  });

  it('asks again for history when the range changes, and lets go of the cluster when removed', async () => {
    const row = await readyRow(html`<webstat-cluster-row gateway="https://gateway.test" cluster="hopper"></webstat-cluster-row>`);
    const asked = api.seriesQueries.length;
    row.range = '1h';
    await waitUntil(() => api.seriesQueries.length > asked);
    expect(api.seriesQueries.at(-1)!.step).to.equal(60);
    row.remove();
    await waitUntil(() => api.subscriptions.size === 0, 'the subscription was not ended');
    expect(api.watches.size).to.equal(0);
  });

  it('shows the error code when the worker refuses', async () => {
    api.connectError = { code: 'unauthorized', message: 'the token is not known' };
    const row = await fixture<WebstatClusterRow>(html`<webstat-cluster-row gateway="https://gateway.test" cluster="hopper"></webstat-cluster-row>`);
    await waitUntil(() => row.shadowRoot!.querySelector('[part=error]'));
    expect(text(row.shadowRoot!.querySelector('[part=error] code'))).to.equal('unauthorized');
  });

  it('says the gateway is lost when the connection is', async () => {
    const row = await readyRow(html`<webstat-cluster-row gateway="https://gateway.test" cluster="hopper"></webstat-cluster-row>`);
    api.setConnection({ state: 'reconnecting', since: Date.now() - 30_000 });
    await settled(row);
    expect(text(parts(row).status.shadowRoot!.querySelector('[part=title]'))).to.equal('Gateway unreachable');
    expect(row.shadowRoot!.querySelector('.row')!.classList.contains('tone-error')).to.equal(true);
  });
});
