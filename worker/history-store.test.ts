import { expect } from '@open-wc/testing';
import { createStore, keys, set } from 'idb-keyval';
import { SyntheticCluster } from '../agent/simulator/synthetic-cluster.ts';
import type { Snapshot } from '../protocol/model.ts';
import type { SeriesQuery } from './api.ts';
import { HistoryStore, type SavedSnapshot } from './history-store.ts';
import { HistoryPersistence, LEGACY_HISTORY_KEY, samplesKey } from './persistence.ts';
import { runSeriesQuery } from './series-query.ts';
import { loadSqlJs } from './sqljs-loader.ts';
import { blockOf } from './testing/history-block.ts';

const GATEWAY = 'ws://gateway.test/ws';
const INTERVAL = 60;

function simulate(name: string, polls: number): Snapshot[] {
  const cluster = new SyntheticCluster({ name, seed: 11, jobs: 200, nodes: 20, users: 9, groups: 3, interval: INTERVAL, start: 1_800_000_000 });
  const snapshots: Snapshot[] = [];
  for (let i = 0; i < polls; i++) {
    snapshots.push(cluster.snapshot());
    cluster.step();
  }
  return snapshots;
}

const recorded = (snapshots: Snapshot[]) => snapshots.map((s) => ({ time: s.time, summary: s.summary }));

function usersQuery(cluster: string, snapshots: Snapshot[]): SeriesQuery {
  return { gateway: GATEWAY, cluster, groupBy: 'user', metric: 'cores', from: snapshots[0]!.time, to: snapshots.at(-1)!.time, step: INTERVAL, top: 4 };
}

describe('the history store: per-cluster records in IndexedDB (real IndexedDB and sql.js)', function () {
  this.timeout(60_000);
  const databases: string[] = [];
  const stores: HistoryStore[] = [];

  function persistence(): { persistence: HistoryPersistence; name: string } {
    const name = `test-store-${crypto.randomUUID()}`;
    databases.push(name);
    return { persistence: new HistoryPersistence(name), name };
  }

  function storeOf(saved: HistoryPersistence, options?: ConstructorParameters<typeof HistoryStore>[2]): HistoryStore {
    const store = new HistoryStore(saved, loadSqlJs, options);
    stores.push(store);
    return store;
  }

  /** A store holding alpha and beta, each with history and a last snapshot, saved. */
  async function savedPair(saved: HistoryPersistence): Promise<{ alpha: Snapshot[]; beta: Snapshot[]; snapshots: SavedSnapshot[] }> {
    const store = storeOf(saved);
    const alpha = simulate('alpha', 40);
    const beta = simulate('beta', 30);
    (await store.load(GATEWAY, 'alpha')).addBlock('users', blockOf('alpha', INTERVAL, recorded(alpha)));
    (await store.load(GATEWAY, 'beta')).addBlock('users', blockOf('beta', INTERVAL, recorded(beta)));
    const snapshots: SavedSnapshot[] = [
      { gateway: GATEWAY, label: 'Alpha', level: 'jobs', snapshot: alpha.at(-1)! },
      { gateway: GATEWAY, label: 'Beta', level: 'users', snapshot: { ...beta.at(-1)!, jobs: [] } },
    ];
    const report = await store.save(snapshots, true);
    expect([report.snapshots, report.histories]).to.deep.equal([2, 2]);
    return { alpha, beta, snapshots };
  }

  afterEach(() => {
    for (const store of stores.splice(0)) store.close();
    for (const name of databases.splice(0)) indexedDB.deleteDatabase(name);
  });

  it('restores the last snapshots without sql.js, so a reload paints before any history loads', async () => {
    const { persistence: saved } = persistence();
    const { snapshots } = await savedPair(saved);
    // sql.js that never arrives: the snapshots come back all the same.
    const store = new HistoryStore(saved, () => new Promise(() => {}));
    const restored = await store.restore();
    expect(restored.sort((a, b) => a.label.localeCompare(b.label))).to.deep.equal(snapshots);
  });

  it('loads a cluster history only when asked for it, and equal to what was saved', async () => {
    const { persistence: saved } = persistence();
    const { alpha, beta } = await savedPair(saved);
    const before = storeOf(saved);
    const expected = runSeriesQuery(await before.load(GATEWAY, 'alpha'), usersQuery('alpha', alpha));
    const store = storeOf(saved);
    await store.restore();
    expect(await store.find(GATEWAY, 'gamma')).to.equal(null);
    const history = await store.find(GATEWAY, 'alpha');
    expect(runSeriesQuery(history, usersQuery('alpha', alpha))).to.deep.equal(expected);
    expect(store.held(GATEWAY, 'beta')).to.equal(null);
    const betaHistory = await store.load(GATEWAY, 'beta');
    expect(betaHistory.newestTime()).to.equal(beta.at(-1)!.time);
    expect(betaHistory.level()).to.equal('users');
  });

  it('saves only what changed, a history at most every historyEveryMs unless everything is asked for', async () => {
    const { persistence: saved } = persistence();
    let now = 1_000_000;
    const store = storeOf(saved, { historyEveryMs: 60_000, now: () => now });
    const alpha = simulate('alpha', 12);
    const history = await store.load(GATEWAY, 'alpha');
    history.addBlock('users', blockOf('alpha', INTERVAL, recorded(alpha.slice(0, 10))));
    // Never saved: due at once.
    expect((await store.save([], false)).histories).to.equal(1);
    expect((await store.save([], true)).histories).to.equal(0);
    history.addBlock('users', blockOf('alpha', INTERVAL, recorded(alpha.slice(10, 11))));
    now += 30_000;
    const early = await store.save([], false);
    expect([early.histories, early.nextDue]).to.deep.equal([0, 1_060_000]);
    now += 30_000;
    expect((await store.save([], false)).histories).to.equal(1);
    history.addBlock('users', blockOf('alpha', INTERVAL, recorded(alpha.slice(11))));
    expect((await store.save([], true)).histories).to.equal(1);
    const reopened = storeOf(saved);
    expect((await reopened.load(GATEWAY, 'alpha')).newestTime()).to.equal(alpha.at(-1)!.time);
  });

  it('starts a cluster history afresh when its saved record cannot be read, and keeps working', async () => {
    const { persistence: saved, name } = persistence();
    await set(samplesKey(GATEWAY, 'alpha'), new Blob([new Uint8Array([1, 2, 3, 4])]), createStore(name, 'history'));
    const store = storeOf(saved);
    await store.restore();
    const history = await store.load(GATEWAY, 'alpha');
    expect(history.newestTime()).to.equal(null);
    const alpha = simulate('alpha', 5);
    history.addBlock('users', blockOf('alpha', INTERVAL, recorded(alpha)));
    expect(history.newestTime()).to.equal(alpha.at(-1)!.time);
  });

  it('drops the single record of the first schema (the gateway sends the history again)', async () => {
    const { persistence: saved, name } = persistence();
    const idb = createStore(name, 'history');
    await set(LEGACY_HISTORY_KEY, new Uint8Array([1, 2, 3]), idb);
    expect(await storeOf(saved).restore()).to.deep.equal([]);
    // The removal is not waited for by restore: look until it is done.
    for (let i = 0; i < 100 && (await keys(idb)).includes(LEGACY_HISTORY_KEY); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await keys(idb)).to.deep.equal([]);
  });

  it('refuses a frame for a saved history still loading (code storage-failed) instead of starting over it', async () => {
    const { persistence: saved } = persistence();
    const { alpha } = await savedPair(saved);
    const store = storeOf(saved);
    await store.restore();
    await store.load(GATEWAY, 'beta');
    let code: unknown = null;
    try {
      store.addBlock(GATEWAY, 'users', blockOf('alpha', INTERVAL, recorded(alpha.slice(0, 1))));
    } catch (error) {
      code = (error as { code?: string }).code;
    }
    expect(code).to.equal('storage-failed');
    expect((await store.load(GATEWAY, 'alpha')).newestTime()).to.equal(alpha.at(-1)!.time);
  });

  it('keeps the writes for a cluster with no saved history while sql.js loads, and applies them in order once it is in', async () => {
    const { persistence: saved } = persistence();
    const { beta } = await savedPair(saved);
    let arrive: (SQL: Awaited<ReturnType<typeof loadSqlJs>>) => void = () => {};
    const sqlJs = new Promise<Awaited<ReturnType<typeof loadSqlJs>>>((resolve) => (arrive = resolve));
    const store = new HistoryStore(saved, () => sqlJs);
    stores.push(store);
    await store.restore();
    // gamma has no saved history: it can be followed at once; beta's saved one must load first.
    expect(await store.followableBeforeLoad(GATEWAY, 'gamma')).to.equal(true);
    expect(await store.followableBeforeLoad(GATEWAY, 'beta')).to.equal(false);
    const gamma = simulate('gamma', 6);
    const loading = store.load(GATEWAY, 'gamma');
    store.addBlock(GATEWAY, 'users', blockOf('gamma', INTERVAL, recorded(gamma.slice(0, 3))));
    store.addBlock(GATEWAY, 'users', blockOf('gamma', INTERVAL, recorded(gamma.slice(3))));
    expect(store.held(GATEWAY, 'gamma')).to.equal(null);
    arrive(await loadSqlJs());
    const history = await loading;
    expect(history.newestTime()).to.equal(gamma.at(-1)!.time);
    const reference = HistoryStore.inMemory(await loadSqlJs());
    stores.push(reference);
    (await reference.load(GATEWAY, 'gamma')).addBlock('users', blockOf('gamma', INTERVAL, recorded(gamma)));
    expect(runSeriesQuery(history, usersQuery('gamma', gamma))).to.deep.equal(runSeriesQuery(await reference.load(GATEWAY, 'gamma'), usersQuery('gamma', gamma)));
    // The saved history loads as before, equal to what was saved.
    expect((await store.load(GATEWAY, 'beta')).newestTime()).to.equal(beta.at(-1)!.time);
  });

  it('asks for sql.js only when the first history write comes, then answers queries from it', async () => {
    let asked = 0;
    const store = new HistoryStore(persistence().persistence, () => {
      asked += 1;
      return loadSqlJs();
    });
    stores.push(store);
    await store.restore();
    // A cold page follows delta at once and asks for its chart: nothing to load yet.
    expect(await store.find(GATEWAY, 'delta')).to.equal(null);
    expect(asked).to.equal(0);
    const delta = simulate('delta', 5);
    store.addBlock(GATEWAY, 'users', blockOf('delta', INTERVAL, recorded(delta)));
    const history = await store.find(GATEWAY, 'delta');
    expect(history?.newestTime()).to.equal(delta.at(-1)!.time);
    expect(asked).to.equal(1);
  });

  it('says storage-failed to queries when sql.js cannot load for the history the gateway sent', async () => {
    const store = new HistoryStore(persistence().persistence, () => Promise.reject(new Error('no wasm here')));
    stores.push(store);
    await store.restore();
    const epsilon = simulate('epsilon', 3);
    store.addBlock(GATEWAY, 'users', blockOf('epsilon', INTERVAL, recorded(epsilon)));
    let code: unknown = null;
    for (let tries = 0; tries < 50 && code === null; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      code = await store.find(GATEWAY, 'epsilon').then(
        () => null,
        (error: { code?: string }) => error.code,
      );
    }
    expect(code).to.equal('storage-failed');
  });

  it('restores the snapshots in the gateway\'s order, as saved', async () => {
    const { persistence: saved } = persistence();
    const store = storeOf(saved);
    const names = ['orca', 'hydra', 'wren'];
    const snapshots: SavedSnapshot[] = names.map((name, position) => ({
      gateway: GATEWAY,
      label: name.toUpperCase(),
      level: 'users',
      snapshot: { ...simulate(name, 1)[0]!, jobs: [] },
      position,
    }));
    await store.save(snapshots, true);
    const restored = await storeOf(saved).restore();
    expect(restored.map((one) => one.snapshot.cluster)).to.deep.equal(names);
    expect(restored.map((one) => one.position)).to.deep.equal([0, 1, 2]);
  });
});
