import { expect } from '@open-wc/testing';
import type { ConnectionStatus } from './api.ts';
import { proxy } from './connect-worker.ts';
import { eventually, testGateway } from './testing/gateway-control.ts';
import { expectSameAsGateway, historyArrived, reached, useWorkerHarness } from './testing/worker-harness.ts';

describe('the shared worker against a real gateway: drops, restarts, bad frames', function () {
  this.timeout(120_000);
  const h = useWorkerHarness();

  it('reconnects after the network drops every connection, and resyncs', async () => {
    const { api } = h.freshWorker();
    const statuses = await h.watch(api);
    await api.connect(h.gateway, null);
    const { changes } = await h.follow(api, 'alpha');
    await eventually(() => statuses.find((s) => s.state === 'live'), 20_000, 'live');
    const dropped = await testGateway.drop();
    expect(dropped.dropped).to.be.greaterThan(0);
    await eventually(() => statuses.find((s) => s.state === 'reconnecting'), 10_000, 'reconnecting');
    await eventually(() => (statuses.at(-1)?.state === 'live' ? true : undefined), 20_000, 'live again');
    const { seq } = await testGateway.step('alpha', 1);
    await eventually(() => reached(changes, seq), 20_000, `seq ${seq} after the reconnect`);
    await expectSameAsGateway(await api.cluster(h.gateway, 'alpha'), 'alpha');
    const reconnecting = statuses.find((s) => s.state === 'reconnecting')!;
    expect(reconnecting.lastError?.code).to.equal('connection-lost');
    expect(reconnecting.attempts).to.be.greaterThan(0);
  });

  it('says the gateway is unreachable when no socket opens at all, and keeps trying', async () => {
    const { api } = h.freshWorker();
    // A port nothing listens on (the gateway's, with the port taken away): the socket never opens.
    const nowhere = new URL(h.gateway);
    nowhere.port = '1';
    const statuses: ConnectionStatus[] = [];
    await api.watchConnection(nowhere.href, proxy((status: ConnectionStatus) => void statuses.push(status)));
    await api.connect(nowhere.href, null);
    const failed = await eventually(() => statuses.find((s) => s.state === 'reconnecting' && s.lastError !== null), 20_000, 'reconnecting');
    expect(failed.lastError!.code).to.equal('gateway-unreachable');
    await eventually(() => statuses.find((s) => s.attempts > 1), 20_000, 'another attempt');
  });

  it('comes back by itself after a gateway restart, with what changed meanwhile', async () => {
    const { api } = h.freshWorker();
    const statuses = await h.watch(api);
    await api.connect(h.gateway, null);
    const { changes } = await h.follow(api, 'alpha');
    await eventually(() => statuses.find((s) => s.state === 'live'), 20_000, 'live');
    await testGateway.restart(1500);
    await eventually(() => statuses.find((s) => s.state === 'reconnecting'), 10_000, 'reconnecting');
    const { seq } = await testGateway.step('alpha', 2);
    await eventually(() => reached(changes, seq), 60_000, `seq ${seq} after the restart`);
    expect(statuses.at(-1)!.state).to.equal('live');
    expect(statuses.filter((s) => s.state === 'reconnecting').at(-1)!.attempts).to.be.greaterThan(0);
    await expectSameAsGateway(await api.cluster(h.gateway, 'alpha'), 'alpha');
  });

  it('counts a bad frame, reports its code, resyncs, and keeps the history intact', async () => {
    const { api } = h.freshWorker();
    const statuses = await h.watch(api);
    await api.connect(h.gateway, null);
    const { changes } = await h.follow(api, 'alpha');
    await eventually(() => historyArrived(changes), 20_000, 'history');
    const held = (await api.cluster(h.gateway, 'alpha'))!;
    const query = h.usersQuery('alpha', held.time - 100 * h.info.pollSeconds, held.time, h.info.pollSeconds, 0);
    const before = await api.series(query);
    await testGateway.badFrame();
    const bad = await eventually(() => statuses.find((s) => s.badFrames === 1), 10_000, 'the bad frame');
    expect(bad.lastError?.code).to.equal('unknown-stream');
    await eventually(() => (statuses.at(-1)?.state === 'live' && statuses.at(-1)!.badFrames === 1 ? true : undefined), 20_000, 'live again');
    expect(await api.series(query)).to.deep.equal(before);
    const { seq } = await testGateway.step('alpha', 1);
    await eventually(() => reached(changes, seq), 20_000, 'the next poll');
    await expectSameAsGateway(await api.cluster(h.gateway, 'alpha'), 'alpha');
  });


  it('stops at a refused token, says why, and connects again when given another', async () => {
    const { api } = h.freshWorker();
    const statuses = await h.watch(api);
    await api.connect(h.gateway, 'not-a-token');
    const refused = await eventually(() => statuses.find((s) => s.lastError?.code === 'unauthorized'), 20_000, 'the refusal');
    await eventually(() => (statuses.at(-1)?.state === 'offline' ? true : undefined), 10_000, 'offline');
    expect(refused.lastError!.code).to.equal('unauthorized');
    // No retries with a token the gateway refused.
    const accepted = (await testGateway.info()).accepted;
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect((await testGateway.info()).accepted).to.equal(accepted);
    expect(statuses.at(-1)!.state).to.equal('offline');
    await api.connect(h.gateway, h.info.token);
    await eventually(() => (statuses.at(-1)?.state === 'live' ? true : undefined), 20_000, 'live with a good token');
  });
});
