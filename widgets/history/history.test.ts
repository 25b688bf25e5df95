/// <reference types="mocha" />
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { SeriesResult } from '../../worker/api.ts';
import '../pie/define.ts';
import type { WebstatPie } from '../pie/pie.ts';
import './define.ts';
import type { WebstatHistory } from './history.ts';

const T0 = 1_795_000_000;
const STEP = 300;

/** Two hours at 5 minutes: smith steady at 512, kumar growing 0…460, others 8; a gap at 12 and 13. */
function sampleSeries(): SeriesResult {
  const times = Array.from({ length: 24 }, (_, i) => T0 + i * STEP);
  const gap = (i: number) => i === 12 || i === 13;
  return {
    times,
    series: [
      { name: 'smith', values: times.map((_, i) => (gap(i) ? null : 512)) },
      { name: 'kumar', values: times.map((_, i) => (gap(i) ? null : i * 20)) },
      { name: 'others', values: times.map((_, i) => (gap(i) ? null : 8)) },
    ],
  };
}

async function chart(data: SeriesResult | null = sampleSeries()) {
  const el = await fixture<WebstatHistory>(
    html`<webstat-history label="Cores by user" range="24h" .data=${data} .capacity=${2048}></webstat-history>`,
  );
  await el.updateComplete;
  return el;
}

const cells = (row: Element) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent!.trim());

describe('webstat-history', () => {
  it('draws a uPlot chart of the size of its box', async () => {
    const el = await chart();
    await waitUntil(() => el.shadowRoot!.querySelector('.plot canvas'), 'uPlot made no canvas');
    const canvas = el.shadowRoot!.querySelector<HTMLCanvasElement>('.plot canvas')!;
    const plot = el.shadowRoot!.querySelector<HTMLElement>('.plot')!;
    expect(canvas.getBoundingClientRect().width).to.be.closeTo(plot.clientWidth, 2);
    expect(canvas.getBoundingClientRect().height).to.be.greaterThan(100);
  });

  it('tables now, mean and peak of every series and of the total, from the data given', async () => {
    const el = await chart();
    const root = el.shadowRoot!;
    const rows = [...root.querySelectorAll('tbody tr')].map(cells);
    // kumar: 0,20,…,460 without i = 12, 13: mean (sum 0..23 minus 12 and 13) × 20 / 22
    const kumarMean = ((276 - 25) * 20) / 22;
    expect(rows).to.deep.equal([
      ['smith', '512', '512', '512'],
      ['kumar', '460', String(Math.round(kumarMean)), '460'], // means of 100 and more show whole
      ['others', '8', '8', '8'],
    ]);
    expect(cells(root.querySelector('tfoot tr')!)).to.deep.equal(['Total', '980', String(Math.round(520 + kumarMean)), '980']);
    expect(root.querySelector('caption')!.textContent!.trim()).to.equal('Cores by user, last 24 hours (means over 5 min)');
  });

  it('sums up the chart for screen readers', async () => {
    const el = await chart();
    const label = el.shadowRoot!.querySelector('.plot')!.getAttribute('aria-label')!;
    expect(label).to.match(/^Cores by user, last 24 hours: now 980 cores, peak 980 at .+, mean 748\. Arrow keys/);
  });

  it('shows the exact numbers at a time chosen with the arrow keys, and the gap as a gap', async () => {
    const el = await chart();
    await waitUntil(() => el.shadowRoot!.querySelector('.plot canvas'));
    const plot = el.shadowRoot!.querySelector<HTMLElement>('.plot')!;
    plot.focus();
    await waitUntil(() => el.shadowRoot!.querySelector('.tooltip'), 'no tooltip on focus');
    const rowsOf = () =>
      [...el.shadowRoot!.querySelectorAll('.tooltip-total, .tooltip-row')].map((row) =>
        [...row.querySelectorAll('span')].map((span) => span.textContent!.trim()).filter(Boolean),
      );
    expect(rowsOf()).to.deep.equal([['Total', '980'], ['smith', '512'], ['kumar', '460'], ['others', '8']]);
    for (let i = 0; i < 9; i++) plot.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft' }));
    await el.updateComplete;
    expect(rowsOf()).to.deep.equal([['Total', '800'], ['smith', '512'], ['kumar', '280'], ['others', '8']]);
    plot.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft' }));
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.tooltip-gap')!.textContent).to.contain('no data');
  });

  it('gives a name the same colour as in a pie', async () => {
    const el = await chart();
    const pie = await fixture<WebstatPie>(html`<webstat-pie .slices=${[{ name: 'smith', value: 3, queued: null }]}></webstat-pie>`);
    await pie.updateComplete;
    const legendColour = getComputedStyle(el.shadowRoot!.querySelectorAll('.legend .swatch')[0]!).backgroundColor;
    expect(legendColour).to.equal(getComputedStyle(pie.shadowRoot!.querySelector('path.slice')!).fill);
  });

  it('highlights a series from its legend entry', async () => {
    const el = await chart();
    let detail: unknown = null;
    el.addEventListener('webstat-highlight', (event) => (detail = event.detail));
    el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.legend button')[2]!.click();
    await el.updateComplete;
    expect(detail).to.deep.equal({ dimension: 'user', name: 'others' });
    expect(el.highlight).to.equal('others');
  });

  it('says when it is loading and when the range holds nothing', async () => {
    expect((await chart(null)).shadowRoot!.querySelector('.overlay')!.textContent).to.equal('Loading history…');
    const empty = await chart({ times: [T0, T0 + STEP], series: [] });
    expect(empty.shadowRoot!.querySelector('.overlay')!.textContent).to.equal('No history for this range yet');
    const begun = await chart({ times: [T0, T0 + STEP], series: [{ name: 'smith', values: [null, 4] }] });
    expect(begun.shadowRoot!.querySelector('.overlay')!.textContent).to.match(/^History starts /);
  });

  it('passes an accessibility audit', async function () {
    this.timeout(30_000);
    const el = await chart();
    await expect(el).to.be.accessible();
  });
});
