/// <reference types="mocha" />
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { usageSlices } from '../data/usage-slices.ts';
import { usage } from '../test-support/sample-data.ts';
import './define.ts';
import type { WebstatPie } from './pie.ts';

const users = [usage('smith', 512, { coresQueued: 1024 }), usage('kumar', 488), usage('garcia', 240, { coresQueued: 64 })];

async function pie(slices = usageSlices(users, 'cores', 8), attributes = html``) {
  const el = await fixture<WebstatPie>(html`<webstat-pie label="Cores by user" .slices=${slices}>${attributes}</webstat-pie>`);
  await el.updateComplete;
  // The table for screen readers joins in the frame after the first slices are drawn.
  if (el.slices) await waitUntil(() => el.shadowRoot!.querySelector('table'), 'no table for screen readers');
  return el;
}

function tableRows(el: WebstatPie): string[][] {
  return [...el.shadowRoot!.querySelectorAll('tbody tr')].map((row) =>
    [...row.querySelectorAll('th, td')].map((cell) => cell.textContent!.trim()),
  );
}

const centreText = (el: WebstatPie) =>
  [...el.shadowRoot!.querySelectorAll('.centre span')].map((span) => span.textContent!.trim()).join(' ');

const digits = (text: string) => Number(text.replace(/[^0-9]/g, ''));

describe('webstat-pie', () => {
  it('draws the donut and legend first, and adds the table for screen readers in the next frame', async () => {
    const el = await fixture<WebstatPie>(html`<webstat-pie label="Cores by user" .slices=${usageSlices(users, 'cores', 8)}></webstat-pie>`);
    await el.updateComplete;
    expect([el.shadowRoot!.querySelectorAll('.legend li').length, el.shadowRoot!.querySelector('table')]).to.deep.equal([3, null]);
    await waitUntil(() => tableRows(el).length === 3, 'the table never came');
    expect(tableRows(el).map((row) => row[0])).to.deep.equal(['smith', 'kumar', 'garcia']);
  });

  it('lists every slice in its table with the numbers it was given, largest first', async () => {
    const el = await pie();
    const rows = tableRows(el);
    expect(rows.map((row) => row[0])).to.deep.equal(['smith', 'kumar', 'garcia']);
    expect(rows.map((row) => digits(row[1]!))).to.deep.equal([512, 488, 240]);
    expect(rows.map((row) => row[2])).to.deep.equal(['41%', '39%', '19%']);
    expect(rows.map((row) => digits(row[3]!))).to.deep.equal([1024, 0, 64]);
    const caption = el.shadowRoot!.querySelector('caption')!.textContent!;
    expect(digits(caption)).to.equal(1240);
  });

  it('shows the total in the centre and each entry in the legend', async () => {
    const el = await pie();
    expect(centreText(el)).to.equal('1.2K cores');
    const root = el.shadowRoot!;
    const legend = [...root.querySelectorAll('.legend button')].map((button) => [
      button.textContent!.trim(),
      root.getElementById(button.getAttribute('aria-describedby')!)!.textContent,
    ]);
    expect(legend).to.deep.equal([
      ['smith', '512 cores, 41%, 1,024 queued'],
      ['kumar', '488 cores, 39%'],
      ['garcia', '240 cores, 19%, 64 queued'],
    ]);
  });

  it('gives a name the same colour in two pies whatever else they hold', async () => {
    const a = await pie(usageSlices(users, 'cores', 8));
    const b = await pie(usageSlices([usage('nobody', 9000), usage('garcia', 3), usage('smith', 2)], 'cores', 8));
    const fillOf = (el: WebstatPie, name: string) =>
      getComputedStyle(el.shadowRoot!.querySelector(`path.slice[data-name="${name}"]`)!).fill;
    expect(fillOf(a, 'smith')).to.equal(fillOf(b, 'smith'));
    expect(fillOf(a, 'garcia')).to.equal(fillOf(b, 'garcia'));
    expect(fillOf(a, 'smith')).to.match(/^(rgb|color)\(/); // a real colour, not none or black
  });

  it('folds everything below the top N into a grey "others"', async () => {
    const el = await pie(usageSlices(users, 'cores', 1));
    expect(tableRows(el).map((row) => [row[0], digits(row[1]!)])).to.deep.equal([
      ['smith', 512],
      ['others', 728],
    ]);
    const others = el.shadowRoot!.querySelector('path.slice[data-name="others"]')!;
    const [r, g, b] = getComputedStyle(others).fill.match(/\d+/g)!.map(Number);
    expect(Math.max(r!, g!, b!) - Math.min(r!, g!, b!)).to.be.below(24); // a grey
  });

  it('shows the exact numbers of the slice under the pointer', async () => {
    const el = await pie();
    el.shadowRoot!.querySelector('path.slice[data-name="kumar"]')!.dispatchEvent(new PointerEvent('pointerenter'));
    await el.updateComplete;
    expect(centreText(el)).to.equal('kumar 488 39%');
  });

  it('keeps a tapped slice’s numbers after the finger lifts', async () => {
    const el = await pie();
    const slice = el.shadowRoot!.querySelector('path.slice[data-name="garcia"]')!;
    slice.dispatchEvent(new PointerEvent('pointerdown', { pointerType: 'touch', bubbles: true }));
    el.shadowRoot!.querySelector('svg')!.dispatchEvent(new PointerEvent('pointerleave', { pointerType: 'touch' }));
    await el.updateComplete;
    expect(centreText(el)).to.equal('garcia 240 19%');
    el.shadowRoot!.querySelector('svg')!.dispatchEvent(new PointerEvent('pointerleave', { pointerType: 'mouse' }));
    await el.updateComplete;
    expect(centreText(el)).to.equal('1.2K cores');
  });

  it('moves through the legend with the arrow keys and highlights with Enter', async () => {
    const el = await pie();
    const buttons = () => [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.legend button')];
    expect(buttons().map((b) => b.tabIndex)).to.deep.equal([0, -1, -1]);
    buttons()[0]!.focus();
    buttons()[0]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true, composed: true }));
    await el.updateComplete;
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement).to.equal(buttons()[1]);
    expect(buttons().map((b) => b.tabIndex)).to.deep.equal([-1, 0, -1]);
    let detail: unknown = null;
    el.addEventListener('webstat-highlight', (event) => (detail = event.detail));
    buttons()[1]!.click();
    await el.updateComplete;
    expect(detail).to.deep.equal({ dimension: 'user', name: 'kumar' });
    expect(buttons()[1]!.getAttribute('aria-pressed')).to.equal('true');
    expect(el.shadowRoot!.querySelector('path.slice[data-name="smith"]')!.classList.contains('dimmed')).to.equal(true);
  });

  it('lets the keyboard reach the slices themselves when the legend is hidden', async () => {
    const el = await pie(undefined);
    el.legend = 'none';
    await el.updateComplete;
    const slices = [...el.shadowRoot!.querySelectorAll<SVGPathElement>('path.slice')];
    expect(slices.map((s) => s.getAttribute('role'))).to.deep.equal(['option', 'option', 'option']);
    expect(slices[0]!.getAttribute('tabindex')).to.equal('0');
    expect(slices[2]!.getAttribute('aria-label')).to.equal('garcia: 240 cores, 19%, 64 queued');
  });

  it('says so when nothing runs, and while loading', async () => {
    const empty = await pie([]);
    expect(centreText(empty)).to.equal('Nothing running');
    expect(empty.shadowRoot!.querySelector('svg')!.getAttribute('aria-label')).to.equal('Cores by user: Nothing running');
    const loading = await pie(null as never);
    expect(centreText(loading)).to.equal('Loading…');
  });

  it('passes an accessibility audit', async function () {
    this.timeout(30_000); // axe walks the whole page; slow on a busy machine
    const el = await pie();
    await expect(el).to.be.accessible();
  });
});
