/// <reference types="mocha" />
/**
 * The rows on the real parts: the page's real SharedWorker (WebSocket, sql.js), and the test
 * gateway that web-test-runner runs (worker/testing/wtr-plugins.mjs). What the rows show is
 * compared with the gateway's own state of the cluster, decoded by its own client.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { Snapshot } from '../../protocol/model.ts';
import { eventually, testGateway } from '../../worker/testing/gateway-control.ts';
import type { WebstatPie } from '../pie/pie.ts';
import type { WebstatStatus } from '../status/status.ts';
import type { WebstatClusterRow } from './cluster-row.ts';
import './define.ts';

const text = (element: Element | null | undefined) => (element?.textContent ?? '').replace(/\s+/g, ' ').trim();
const number = (value: string) => Number(value.replace(/[^0-9]/g, ''));

async function charts(row: WebstatClusterRow) {
  await row.updateComplete;
  const pies = [...row.shadowRoot!.querySelectorAll<WebstatPie>('webstat-pie')];
  const status = row.shadowRoot!.querySelector<WebstatStatus>('webstat-status')!;
  await Promise.all([...pies.map((pie) => pie.updateComplete), status.updateComplete]);
  return { userPie: pies[0]!, groupPie: pies[1]!, status };
}

/** The user pie's table: name → cores, as a person reads it. */
async function userTable(row: WebstatClusterRow): Promise<Map<string, number>> {
  const { userPie } = await charts(row);
  return new Map(
    [...userPie.shadowRoot!.querySelectorAll('tbody tr')].map((tr) => {
      const cells = [...tr.querySelectorAll('th, td')].map((cell) => text(cell));
      return [cells[0]!, number(cells[1]!)];
    }),
  );
}

function expectedUsers(snapshot: Snapshot, top: number): Map<string, number> {
  const running = snapshot.summary.users.filter((user) => user.coresRunning > 0);
  running.sort((a, b) => b.coresRunning - a.coresRunning || (a.name < b.name ? -1 : 1));
  const shown = new Map(running.slice(0, top).map((user) => [user.name, user.coresRunning]));
  const rest = running.slice(top).reduce((sum, user) => sum + user.coresRunning, 0);
  if (running.length > top) shown.set('others', rest);
  return shown;
}

describe('webstat-cluster-row on the real worker and a real gateway', function () {
  this.timeout(120_000);
  let gateway = '';

  before(async () => {
    await testGateway.reset();
    gateway = (await testGateway.info()).url;
  });

  it('shows the numbers the gateway holds, two rows on one WebSocket', async () => {
    const before = await testGateway.info();
    const container = await fixture<HTMLDivElement>(html`<div>
      <webstat-cluster-row gateway=${gateway} cluster="alpha" top="5"></webstat-cluster-row>
      <webstat-cluster-row gateway=${gateway} cluster="beta" top="5"></webstat-cluster-row>
    </div>`);
    const [alpha, beta] = [...container.querySelectorAll<WebstatClusterRow>('webstat-cluster-row')];
    await waitUntil(() => alpha!.view && beta!.view && alpha!.history && beta!.history, 'the rows got no data', { timeout: 60_000 });

    for (const row of [alpha!, beta!]) {
      // The gateway may poll again while the page is read: read again until one reading holds.
      let compared = false;
      for (let attempt = 0; attempt < 20 && !compared; attempt++) {
        const seq = row.view!.seq;
        const reference = await eventually(() => testGateway.snapshot(row.cluster, seq).catch(() => undefined), 10_000, 'the reference');
        const shown = {
          used: number(text(row.shadowRoot!.querySelector('.figure.cores .big'))),
          total: text(row.shadowRoot!.querySelector('.figure.cores .of')),
          users: await userTable(row),
        };
        if (row.view!.seq !== seq) continue;
        expect(shown.used).to.equal(reference.summary.coresUsed);
        expect(shown.total).to.contain(reference.summary.coresTotal.toLocaleString());
        expect(shown.users).to.deep.equal(expectedUsers(reference, 5));
        compared = true;
      }
      expect(compared, `${row.cluster}: a reading at one seq`).to.equal(true);
      // The first query may come before the history reached the worker; the row asks again.
      await waitUntil(() => row.history!.series.length > 0, `${row.cluster}: no history series`, { timeout: 30_000 });
    }
    const after = await testGateway.info();
    expect(after.accepted - before.accepted, 'WebSockets opened for two rows').to.equal(1);
  });

  it('follows live updates and shows an unreachable cluster as such', async () => {
    const row = await fixture<WebstatClusterRow>(html`<webstat-cluster-row gateway=${gateway} cluster="beta"></webstat-cluster-row>`);
    await waitUntil(() => row.view, 'no data', { timeout: 60_000 });
    const seq = row.view!.seq;
    const stepped = await testGateway.step('beta', 2);
    await waitUntil(() => row.view!.seq >= stepped.seq, 'the row did not follow the gateway', { timeout: 30_000 });
    expect(row.view!.seq).to.be.greaterThan(seq);
    await testGateway.unreachable('beta');
    await waitUntil(() => row.view!.status.health === 'unreachable', 'no unreachable status', { timeout: 30_000 });
    const { status } = await charts(row);
    expect(text(status.shadowRoot!.querySelector('[part=title]'))).to.equal('Unreachable');
    expect(row.shadowRoot!.querySelector('.row')!.classList.contains('tone-error')).to.equal(true);
  });
});
