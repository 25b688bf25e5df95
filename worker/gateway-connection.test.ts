import { expect } from '@open-wc/testing';
import type { ConnectionStatus } from './api.ts';
import { DEFAULT_CONNECTION_OPTIONS, GatewayConnection } from './gateway-connection.ts';
import { GatewaySession } from './gateway-session.ts';
import { HistoryStore } from './history-store.ts';
import { loadSqlJs } from './sqljs-loader.ts';
import { eventually, testGateway } from './testing/gateway-control.ts';

/** The connection in this page (no worker around it), on a real WebSocket to the test gateway. */
describe('gateway connection: network loss and return (real WebSocket)', function () {
  this.timeout(60_000);
  let store: HistoryStore;
  let connection: GatewayConnection;
  let online = true;

  beforeEach(async () => {
    store = HistoryStore.inMemory(await loadSqlJs());
  });

  afterEach(() => {
    connection?.close();
    store.close();
  });

  it('goes offline at once when the network goes, and live again as soon as it is back', async () => {
    const { url } = await testGateway.info();
    const session = new GatewaySession(url, store);
    session.subscribe({ id: 's', cluster: 'alpha', level: 'users', portId: 'p', onChange: () => {} });
    connection = new GatewayConnection(url, session, { ...DEFAULT_CONNECTION_OPTIONS, isOnline: () => online });
    const statuses: ConnectionStatus[] = [];
    connection.watch('w', (status) => void statuses.push(status));
    connection.start(null);
    await eventually(() => statuses.find((s) => s.state === 'live'), 20_000, 'live');
    const open = (await testGateway.info()).open;

    online = false;
    connection.networkOffline();
    expect(statuses.at(-1)!.state).to.equal('offline');
    await eventually(async () => ((await testGateway.info()).open < open ? true : undefined), 10_000, 'the socket closed');
    // No attempts while offline, however long it lasts.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(statuses.at(-1)!.state).to.equal('offline');

    online = true;
    connection.networkOnline();
    await eventually(() => (statuses.at(-1)?.state === 'live' ? true : undefined), 20_000, 'live again');
    expect(statuses.at(-1)!.attempts).to.equal(0);
    await eventually(() => session.view('alpha') ?? undefined, 20_000, 'the snapshot after the hello');
  });

  it('says offline, not reconnecting, when it starts without a network', async () => {
    const { url } = await testGateway.info();
    online = false;
    connection = new GatewayConnection(url, new GatewaySession(url, store), { ...DEFAULT_CONNECTION_OPTIONS, isOnline: () => online });
    const statuses: ConnectionStatus[] = [];
    connection.watch('w', (status) => void statuses.push(status));
    connection.start(null);
    expect(statuses.at(-1)!.state).to.equal('offline');
    online = true;
    connection.networkOnline();
    await eventually(() => (statuses.at(-1)?.state === 'live' ? true : undefined), 20_000, 'live');
  });
});
