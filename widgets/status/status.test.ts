/// <reference types="mocha" />
import { expect, fixture, html } from '@open-wc/testing';
import './define.ts';
import type { WebstatStatus } from './status.ts';

const NOW = 1_795_000_000;

describe('webstat-status', () => {
  it('shows live data with its age', async () => {
    const el = await fixture<WebstatStatus>(
      html`<webstat-status health="ok" time=${NOW - 42} last-ok-at=${NOW - 42} now=${NOW}></webstat-status>`,
    );
    const root = el.shadowRoot!;
    expect(root.querySelector('[role=status]')!.textContent).to.equal('Live');
    expect(root.querySelector('[part=detail]')!.textContent).to.equal('updated 42 s ago');
  });

  it('makes stale and unreachable clusters look different in shape and word, not only colour', async () => {
    const stale = await fixture<WebstatStatus>(
      html`<webstat-status health="stale" message="collection overdue" last-ok-at=${NOW - 900} now=${NOW}></webstat-status>`,
    );
    const down = await fixture<WebstatStatus>(
      html`<webstat-status health="unreachable" message="agent does not answer" last-ok-at=${NOW - 900} now=${NOW}></webstat-status>`,
    );
    const ok = await fixture<WebstatStatus>(html`<webstat-status health="ok" time=${NOW} now=${NOW}></webstat-status>`);
    const look = (el: WebstatStatus) => {
      const badge = el.shadowRoot!.querySelector('[part=status]')!;
      return {
        word: badge.querySelector('[part=title]')!.textContent,
        icon: badge.querySelector('[part=icon]')!.innerHTML.replace(/<!--[^>]*-->/g, ''),
        colour: getComputedStyle(badge).color,
        background: getComputedStyle(badge).backgroundColor,
      };
    };
    const [a, b, c] = [look(stale), look(down), look(ok)];
    expect(new Set([a.word, b.word, c.word]).size).to.equal(3);
    expect(new Set([a.icon, b.icon, c.icon]).size).to.equal(3);
    expect(new Set([a.colour, b.colour, c.colour]).size).to.equal(3);
    expect(b.background).to.not.equal('rgba(0, 0, 0, 0)');
    expect(down.shadowRoot!.querySelector('[part=detail]')!.textContent).to.match(/^agent does not answer · since .+ \(15 min\)$/);
    expect(stale.shadowRoot!.querySelector('[part=detail]')!.textContent).to.equal('collection overdue · last data 15 min ago');
  });

  it('says the gateway is gone when the connection is', async () => {
    const el = await fixture<WebstatStatus>(
      html`<webstat-status health="ok" time=${NOW - 100} connection="reconnecting" connection-since=${NOW - 60} now=${NOW}></webstat-status>`,
    );
    expect(el.shadowRoot!.querySelector('[part=title]')!.textContent).to.equal('Gateway unreachable');
  });

  it('keeps the full text in a tooltip for when the badge is cut short', async () => {
    const el = await fixture<WebstatStatus>(
      html`<webstat-status health="scheduler-error" message="qstat: cannot connect to server" last-ok-at=${NOW - 60} now=${NOW}></webstat-status>`,
    );
    expect(el.shadowRoot!.querySelector('[part=status]')!.getAttribute('title')).to.match(
      /^Scheduler error · qstat: cannot connect to server · since/,
    );
  });

  it('passes an accessibility audit in both themes', async function () {
    this.timeout(30_000);
    for (const theme of ['light', 'dark']) {
      const el = await fixture<WebstatStatus>(
        html`<webstat-status theme=${theme} health="stale" message="late" last-ok-at=${NOW - 900} now=${NOW}></webstat-status>`,
      );
      await expect(el).to.be.accessible();
    }
  });
});
