import { expect } from '@open-wc/testing';
import { eventually, testGateway } from './testing/gateway-control.ts';
import { expectSameAsGateway, historyArrived, reached, referenceUsers, useWorkerHarness } from './testing/worker-harness.ts';

describe('the shared worker against a real gateway: state, levels, series, gaps', function () {
  this.timeout(120_000);
  const h = useWorkerHarness();

  it('holds the snapshot the gateway holds, then follows its deltas with only what changed', async () => {
    const { api } = h.freshWorker();
    await api.connect(h.gateway, null);
    const { changes } = await h.follow(api, 'alpha');
    const first = await eventually(() => changes.find((c) => c.summary !== undefined), 20_000, 'the first view');
    expect(first.label).to.equal('Alpha (PBS Pro)');
    await expectSameAsGateway(await api.cluster(h.gateway, 'alpha'), 'alpha');

    const { seq } = await testGateway.step('alpha', 2);
    await eventually(() => reached(changes, seq), 20_000, `seq ${seq}`);
    await expectSameAsGateway(await api.cluster(h.gateway, 'alpha'), 'alpha');
    const update = changes.find((c) => c.seq > first.seq)!;
    expect(update.scheduler).to.equal(undefined);
    expect(update.summary ?? update.jobs ?? update.status).to.not.equal(undefined);
  });

  it('gives a subscriber below the jobs level no job list', async () => {
    const { api } = h.freshWorker();
    await api.connect(h.gateway, null);
    const { changes } = await h.follow(api, 'beta', 'users');
    const first = await eventually(() => changes.find((c) => c.summary !== undefined), 20_000, 'the first view');
    expect(first.jobs).to.deep.equal([]);
    expect(first.summary!.users.length).to.be.greaterThan(0);
  });

  it("answers series equal to a reference made from the gateway's own samples, live ones included", async () => {
    const { api } = h.freshWorker();
    await api.connect(h.gateway, null);
    const { changes } = await h.follow(api, 'alpha');
    await eventually(() => historyArrived(changes), 20_000, 'history');
    const { seq } = await testGateway.step('alpha', 2);
    await eventually(() => reached(changes, seq), 20_000, 'two more polls');
    const view = (await api.cluster(h.gateway, 'alpha'))!;
    await testGateway.snapshot('alpha', view.seq);
    // Steps of several polls, so that every step holds samples of its own: which step a lone
    // sample may stand for is the store test's business (history-store.test.ts), and live
    // collections come a little irregularly (the agent's budget stretches its interval).
    const p = h.info.pollSeconds;
    const points = await testGateway.points('alpha');
    const from = Math.max(points[0]!.time, view.time - 600 * p);
    for (const [step, top] of [
      [10 * p, 5],
      [30 * p, 3],
    ] as const) {
      const result = await api.series(h.usersQuery('alpha', from, view.time, step, top));
      const reference = await referenceUsers('alpha', from, view.time, step, top);
      expect(result.times).to.deep.equal(reference.times);
      expect(result.series).to.deep.equal(reference.series);
    }
    const csv = await api.exportCsv(h.usersQuery('alpha', from, view.time, 30 * p, 3));
    const names = (await referenceUsers('alpha', from, view.time, 30 * p, 3)).series.map((s) => s.name);
    expect(csv.split('\r\n')[0]).to.equal(['time', 'epoch', ...names].join(','));
  });

  it('shows an unreachable stretch as a gap, and the samples around it as they were', async () => {
    const { api } = h.freshWorker();
    await api.connect(h.gateway, null);
    const { changes } = await h.follow(api, 'beta');
    await eventually(() => historyArrived(changes), 20_000, 'history');
    const before = await testGateway.unreachable('beta');
    await eventually(() => changes.find((c) => c.status?.health === 'unreachable'), 20_000, 'the unreachable status');
    // Unreachable for a while: long enough for several empty steps.
    await new Promise((resolve) => setTimeout(resolve, 6000));
    const after = await testGateway.step('beta', 2);
    await eventually(() => reached(changes, after.seq), 30_000, 'the polls after the gap');
    const p = h.info.pollSeconds;
    const from = before.time - 5 * p;
    const result = await api.series({ gateway: h.gateway, cluster: 'beta', groupBy: 'total', metric: 'cores', from, to: after.time, step: p, top: 0 });
    const points = (await testGateway.points('beta')).filter((point) => point.time >= from && point.time <= after.time);
    const back = points.find((point) => point.time > before.time)!.time;
    let gapSteps = 0;
    result.times.forEach((start, i) => {
      const inside = points.filter((point) => point.time >= start && point.time < start + p);
      const value = result.series[0]!.values[i];
      if (inside.length > 0) {
        expect(value, `step ${start}`).to.equal(Math.round((inside.reduce((sum, point) => sum + point.coresUsed, 0) / inside.length) * 100) / 100);
      } else if (start >= before.time + 3 * p && start < back) {
        expect(value, `step ${start}, while unreachable`).to.equal(null);
        gapSteps += 1;
      }
    });
    expect(gapSteps).to.be.at.least(3);
  });

});
