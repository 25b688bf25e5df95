import { expect } from '@open-wc/testing';
import type { ClusterView } from './api.ts';
import { disconnectWorker, flushWorker, workerDiagnostics } from './connect-worker.ts';
import { createStore, keys } from 'idb-keyval';
import { parseKey } from './persistence.ts';
import { DEFAULT_SAVE_OPTIONS } from './save-scheduler.ts';
import type { WorkerDiagnostics } from './port-api.ts';
import { eventually, testGateway } from './testing/gateway-control.ts';
import { openTestPage } from './testing/test-page.ts';
import { expectSameAsGateway, historyArrived, reached, useWorkerHarness } from './testing/worker-harness.ts';

describe('the shared worker against a real gateway: pages, persistence, the dedicated fallback', function () {
  this.timeout(120_000);
  const h = useWorkerHarness();

  it('serves two pages through one WebSocket', async () => {
    const name = `test-${crypto.randomUUID()}`;
    const before = await testGateway.info();
    // The first page will go without a goodbye: the worker must notice by itself.
    const first = await openTestPage(name, { silent: true });
    const second = await openTestPage(name);
    try {
      await first.call('connect', h.gateway);
      await second.call('connect', h.gateway);
      await first.call('subscribe', h.gateway, 'alpha');
      await second.call('subscribe', h.gateway, 'alpha');
      await eventually(() => first.changes.find((c) => c.summary) && second.changes.find((c) => c.summary), 20_000, 'both views');
      const { seq } = await testGateway.step('alpha', 1);
      await eventually(() => reached(first.changes, seq) && reached(second.changes, seq), 20_000, 'both updates');
      expect((await testGateway.info()).accepted - before.accepted).to.equal(1);
      expect((await second.call<WorkerDiagnostics>('diagnostics')).ports).to.equal(2);
      // A page that goes away takes its subscriptions along (this one says no goodbye: the worker
      // learns it from the page's Web Lock); the other page keeps getting updates.
      first.remove();
      await eventually(async () => ((await second.call<WorkerDiagnostics>('diagnostics')).ports === 1 ? true : undefined), 10_000, 'the port dropped');
      const next = await testGateway.step('alpha', 1);
      await eventually(() => reached(second.changes, next.seq), 20_000, 'the update after one page left');
      expect((await testGateway.info()).accepted - before.accepted).to.equal(1);
    } finally {
      first.remove();
      second.remove();
      indexedDB.deleteDatabase(name);
    }
  });

  for (const how of ['an explicit flush', 'the debounced save'] as const) {
    it(`paints history and the last snapshot from IndexedDB after a restart, before any socket opens (saved by ${how})`, async () => {
      const name = `test-${crypto.randomUUID()}`;
      const first = await openTestPage(name);
      let seen: ClusterView | null = null;
      let series: unknown = null;
      let instance = '';
      const p = h.info.pollSeconds;
      try {
        instance = (await first.call<WorkerDiagnostics>('diagnostics')).instance;
        await first.call('connect', h.gateway);
        await first.call('subscribe', h.gateway, 'alpha');
        await eventually(() => historyArrived(first.changes), 20_000, 'history');
        seen = await first.call<ClusterView>('cluster', h.gateway, 'alpha');
        series = await first.call('series', h.usersQuery('alpha', seen.time - 120 * p, seen.time, 5 * p, 4));
        if (how === 'an explicit flush') await first.call('flush');
        // Saves follow changes after DEFAULT_SAVE_OPTIONS.delayMs; the last page's goodbye saves
        // too, but the browser may end the worker before that write lands, so it is not relied on.
        // Seen from here: the cluster's snapshot and history appear in IndexedDB without anyone asking.
        else {
          const saved = async () => (await keys(createStore(name, 'history'))).map(parseKey).filter((key) => key?.cluster === 'alpha').map((key) => key!.kind);
          // Frames come every second here, never a quiet moment: the save comes after maxWaitMs.
          const wait = DEFAULT_SAVE_OPTIONS.maxWaitMs + 15_000;
          await eventually(async () => ((await saved()).sort().join() === 'samples,snapshot' ? true : undefined), wait, 'the debounced save');
        }
      } finally {
        // The only page of this SharedWorker goes: the browser ends the worker.
        first.remove();
      }
      const accepted = (await testGateway.info()).accepted;
      // The browser may take a moment to end the old worker; a page that still finds it waits.
      const second = await eventually(
        async () => {
          const page = await openTestPage(name);
          if ((await page.call<WorkerDiagnostics>('diagnostics')).instance !== instance) return page;
          page.remove();
          await new Promise((resolve) => setTimeout(resolve, 200));
          return undefined;
        },
        15_000,
        'a new worker instance',
      );
      try {
        expect((await second.call<WorkerDiagnostics>('diagnostics')).restoredClusters).to.be.greaterThan(0);
        const restored = await second.call<ClusterView>('cluster', h.gateway, 'alpha');
        expect(restored.seq).to.be.at.least(seen!.seq);
        expect(restored.label).to.equal(seen!.label);
        await expectSameAsGateway(restored, 'alpha');
        expect(await second.call('series', h.usersQuery('alpha', seen!.time - 120 * p, seen!.time, 5 * p, 4))).to.deep.equal(series);
        expect((await testGateway.info()).accepted).to.equal(accepted);
      } finally {
        second.remove();
        indexedDB.deleteDatabase(name);
      }
    });
  }

  it('works the same in a dedicated Worker, and a new one restores what the last one saved', async () => {
    const { api, name } = h.freshWorker({ dedicated: true });
    await api.connect(h.gateway, null);
    const { changes } = await h.follow(api, 'beta');
    await eventually(() => historyArrived(changes), 20_000, 'history');
    const seen = (await api.cluster(h.gateway, 'beta'))!;
    await expectSameAsGateway(seen, 'beta');
    await flushWorker(api);
    h.forget(api);
    await disconnectWorker(api);
    const accepted = (await testGateway.info()).accepted;
    // The same name again: a new dedicated worker (the last one was terminated), the same database.
    const { api: again } = h.freshWorker({ dedicated: true, name });
    expect((await workerDiagnostics(again))!.restoredClusters).to.equal(1);
    const restored = (await again.cluster(h.gateway, 'beta'))!;
    expect(restored.seq).to.be.at.least(seen.seq);
    await expectSameAsGateway(restored, 'beta');
    expect((await testGateway.info()).accepted).to.equal(accepted);
  });

  it('refuses an unknown subscription id with its code', async () => {
    const { api } = h.freshWorker();
    let code: unknown = null;
    try {
      await api.unsubscribe('s-none');
    } catch (error) {
      code = (error as { code?: string }).code;
    }
    expect(code).to.equal('unknown-subscription');
  });
});
