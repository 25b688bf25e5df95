/**
 * The poller against real agents (`webstat-agent simulate` child processes) over real ZeroMQ,
 * directly and through an SSH tunnel (in-process ssh2 server; real-sshd.test.ts uses OpenSSH).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import Database from 'better-sqlite3';
import { Request } from 'zeromq';
import { decodeMessage, encodeMessage } from '../../protocol/frame.ts';
import type { Snapshot } from '../../protocol/model.ts';
import type { AgentEndpoint } from '../config/config-types.ts';
import { HistoryStore } from '../history/history-store.ts';
import { AgentProcess } from '../testing/agent-process.ts';
import { RecordingFeed, type FeedEvent } from '../testing/recording-feed.ts';
import { generateKeyPair, TestSshServer } from '../testing/ssh-test-server.ts';
import { ClusterPoller } from './cluster-poller.ts';

const RETENTION = { rawHours: 48, fiveMinuteDays: 30, hourlyDays: 730 };
let dir: string;
let counter = 0;
before(() => (dir = mkdtempSync(join(tmpdir(), 'webstat-poller-'))));
after(() => rmSync(dir, { recursive: true, force: true }));

async function startAgent(t: TestContext, options: Parameters<typeof AgentProcess.start>[0] = {}) {
  // Whole seconds: agent-info carries the interval as an integer.
  const agent = await AgentProcess.start({ interval: 1, ...options });
  t.after(() => agent.stop());
  return agent;
}

function openStore(t: TestContext, path = join(dir, `history-${++counter}.sqlite`)) {
  const store = HistoryStore.open(path, { retention: RETENTION });
  t.after(() => store.close());
  return store;
}

async function startPoller(t: TestContext, agent: AgentEndpoint, store: HistoryStore, feed = new RecordingFeed()) {
  const poller = new ClusterPoller({
    cluster: { name: 'hpc1', label: 'HPC 1', pollInterval: 0.2, agent },
    feed,
    store,
    requestTimeoutMs: 400,
    tunnel: { backoff: { initialMs: 50, maxMs: 200 }, readyTimeoutMs: 3000 },
  });
  t.after(() => poller.stop());
  await poller.start();
  return { poller, feed };
}

const isSnapshot = (event: FeedEvent): event is Extract<FeedEvent, { kind: 'snapshot' }> => event.kind === 'snapshot';

/** Asks the agent for its whole current snapshot, as a second gateway would. */
async function agentSnapshot(url: string): Promise<Snapshot> {
  const socket = new Request({ receiveTimeout: 5000, linger: 0 });
  socket.connect(url);
  try {
    await socket.send(encodeMessage({ type: 'agent-request', want: 'snapshot', sinceSeq: null }));
    const [reply] = await socket.receive();
    const message = decodeMessage(reply!);
    assert.equal(message.type, 'snapshot');
    return (message as { snapshot: Snapshot }).snapshot;
  } finally {
    socket.close();
  }
}

describe('ClusterPoller with a real agent', () => {
  test('polls directly: the agent\'s data under the gateway\'s name and sequence, deltas applied exactly, samples kept', async (t) => {
    const agent = await startAgent(t);
    const store = openStore(t);
    const { feed } = await startPoller(t, { kind: 'direct', url: agent.url }, store);
    // Generous waits: on a loaded machine the agent's budget stretches its interval.
    await feed.waitFor(() => feed.snapshots.length >= 4, 30_000);
    const snapshots = feed.snapshots;
    assert.deepEqual(snapshots.slice(0, 4).map((s) => s.seq), [1, 2, 3, 4]);
    assert.ok(snapshots.every((s) => s.cluster === 'hpc1' && s.status.health === 'ok'), 'snapshots.every((s) => s.cluster === "hpc1" && s.status.health === "ok")');
    assert.ok(snapshots[0]!.jobs.length > 0, 'snapshots[0]!.jobs.length > 0');

    // What deltas built equals what the agent holds, job for job (compared at the same collection).
    let compared = false;
    for (let attempt = 0; attempt < 40 && !compared; attempt++) {
      const held = await agentSnapshot(agent.url);
      const ours = feed.snapshots.find((s) => s.time === held.time && s.summary.coresUsed === held.summary.coresUsed);
      if (ours && ours.seq > 1) {
        assert.deepEqual({ ...ours, cluster: held.cluster, seq: held.seq }, held);
        compared = true;
      } else {
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    }
    assert.ok(compared, 'the gateway never held the collection the agent held');

    const history = store.history('hpc1', null);
    const times = history.flatMap((block) => block.times);
    for (const snapshot of snapshots.slice(0, 4)) assert.ok(times.includes(snapshot.time), 'times.includes(snapshot.time)');
    assert.equal(store.seq('hpc1'), feed.snapshots.at(-1)!.seq);
  });

  test('an agent that stops answering: unreachable within a poll or two, no sample meanwhile, then recovery', async (t) => {
    const agent = await startAgent(t);
    const store = openStore(t);
    const { feed, poller } = await startPoller(t, { kind: 'direct', url: agent.url }, store);
    await feed.waitFor(() => feed.snapshots.length >= 2, 30_000);

    agent.pause();
    const pausedAt = Date.now();
    const from = feed.events.length;
    const down = await feed.waitFor((e) => e.kind === 'status' && e.status.health === 'unreachable', 10_000, from);
    assert.ok(down.kind === 'status', 'down.kind === "status"');
    assert.equal(down.status.code, 'agent-timeout');
    assert.ok(down.status.lastOkAt !== null, 'down.status.lastOkAt !== null');
    // One poll interval (0.2 s) plus one request timeout (0.4 s), with room for a loaded machine.
    assert.ok(Date.now() - pausedAt < 5000, 'unreachable is reported within a poll or two');
    assert.equal(poller.state.status.health, 'unreachable');
    const seqWhileDown = store.seq('hpc1');
    const samplesWhileDown = store.history('hpc1', null).flatMap((b) => b.times).length;
    await new Promise((resolve) => setTimeout(resolve, 800));
    assert.equal(store.seq('hpc1'), seqWhileDown);
    assert.equal(store.history('hpc1', null).flatMap((b) => b.times).length, samplesWhileDown);

    // The stuck REQ socket was replaced: once the agent runs again, answers come back.
    agent.resume();
    const back = await feed.waitFor((e) => isSnapshot(e) && e.snapshot.seq > seqWhileDown, 30_000, feed.events.length);
    assert.ok(isSnapshot(back), 'isSnapshot(back)');
    assert.equal(back.snapshot.status.health, 'ok');
    assert.equal(back.snapshot.seq, seqWhileDown + 1, 'the gateway sequence continues without a jump');
  });

  test('stop() abandons a request a hung agent will never answer', async (t) => {
    const agent = await startAgent(t);
    const feed = new RecordingFeed();
    const poller = new ClusterPoller({
      cluster: { name: 'hpc1', label: 'HPC 1', pollInterval: 0.2, agent: { kind: 'direct', url: agent.url } },
      feed,
      store: openStore(t),
      requestTimeoutMs: 120_000,
    });
    await poller.start();
    await feed.waitFor(() => feed.snapshots.length >= 1, 30_000);
    agent.pause();
    await new Promise((resolve) => setTimeout(resolve, 1000)); // a request is now waiting
    const eventsBefore = feed.events.length;
    const stopped = await Promise.race([
      poller.stop().then(() => 'stopped'),
      new Promise((resolve) => setTimeout(() => resolve('still waiting'), 20_000)),
    ]);
    assert.equal(stopped, 'stopped', 'stop() must not wait for the 120 s request timeout');
    assert.equal(feed.events.length, eventsBefore, 'shutting down is no news for browsers');
  });

  test('a stored snapshot this gateway cannot read is dropped; the sequence still continues', async (t) => {
    const agent = await startAgent(t);
    const path = join(dir, 'unreadable.sqlite');
    const seeded = HistoryStore.open(path, { retention: RETENTION });
    seeded.record('hpc1', { ...(await agentSnapshot(agent.url)), cluster: 'hpc1', seq: 57 }, 60);
    seeded.close();
    const db = new Database(path);
    db.prepare("UPDATE cluster SET snapshot = x'ff00ff' WHERE name = 'hpc1'").run();
    db.close();

    const { feed } = await startPoller(t, { kind: 'direct', url: agent.url }, openStore(t, path));
    const first = await feed.waitFor(isSnapshot, 30_000);
    assert.ok(isSnapshot(first), 'isSnapshot(first)');
    assert.equal(first.snapshot.seq, 58);
  });

  test('an agent restart (new sequence numbers) keeps the gateway sequence rising by one', async (t) => {
    let agent = await startAgent(t);
    const store = openStore(t);
    const { feed } = await startPoller(t, { kind: 'direct', url: agent.url }, store);
    await feed.waitFor(() => feed.snapshots.length >= 2, 30_000);
    agent = await agent.restart();
    t.after(() => agent.stop());
    const before = feed.snapshots.length;
    await feed.waitFor(() => feed.snapshots.length >= before + 3, 30_000);
    const seqs = feed.snapshots.map((s) => s.seq);
    assert.deepEqual(seqs, seqs.map((_, i) => i + 1));
  });

  test('a gateway restart resumes from SQLite: the stored snapshot first, then its sequence continues', async (t) => {
    const agent = await startAgent(t);
    const path = join(dir, 'restart.sqlite');
    const firstStore = HistoryStore.open(path, { retention: RETENTION });
    const firstFeed = new RecordingFeed();
    const first = new ClusterPoller({
      cluster: { name: 'hpc1', label: 'HPC 1', pollInterval: 0.2, agent: { kind: 'direct', url: agent.url } },
      feed: firstFeed,
      store: firstStore,
      requestTimeoutMs: 400,
    });
    await first.start();
    await firstFeed.waitFor(() => firstFeed.snapshots.length >= 3, 30_000);
    await first.stop();
    firstStore.close();
    const last = firstFeed.snapshots.at(-1)!;

    const store = openStore(t, path);
    const { feed } = await startPoller(t, { kind: 'direct', url: agent.url }, store);
    assert.ok(isSnapshot(feed.events[0]!), 'isSnapshot(feed.events[0]!)');
    assert.deepEqual((feed.events[0] as { snapshot: Snapshot }).snapshot, last);
    await feed.waitFor((e) => isSnapshot(e) && e.snapshot.seq > last.seq, 30_000, 1);
    assert.equal(feed.snapshots[1]!.seq, last.seq + 1);
  });
});

describe('ClusterPoller through an SSH tunnel (in-process ssh2 server) to a real agent', () => {
  test('polls through the tunnel, and refuses an unknown host key with that status and no data', async (t) => {
    const agent = await startAgent(t);
    const clientKey = generateKeyPair();
    const identityFile = join(dir, `id-${++counter}`);
    writeFileSync(identityFile, clientKey.private, { mode: 0o600 });
    const server = await TestSshServer.start({ clientKey });
    t.after(() => server.close());
    const knownHosts = join(dir, `known_hosts-${counter}`);
    writeFileSync(knownHosts, `${server.knownHostsLine()}\n`);
    const endpoint = (file: string): AgentEndpoint => ({
      kind: 'ssh',
      host: '127.0.0.1',
      port: server.port,
      user: 'webstat',
      identityFile,
      knownHosts: file,
      remotePort: agent.port,
      keepaliveSeconds: 5,
    });

    const { feed } = await startPoller(t, endpoint(knownHosts), openStore(t));
    await feed.waitFor(() => feed.snapshots.length >= 2, 30_000);
    assert.equal(feed.snapshots[1]!.status.health, 'ok');

    const stranger = join(dir, `known_hosts-stranger-${counter}`);
    const otherKey = generateKeyPair();
    writeFileSync(stranger, `login9 ${otherKey.type} ${otherKey.blob}\n`);
    const refusedStore = openStore(t);
    const refused = await startPoller(t, endpoint(stranger), refusedStore);
    const status = await refused.feed.waitFor((e) => e.kind === 'status' && e.status.code === 'host-key-unknown');
    assert.ok(status.kind === 'status', 'status.kind === "status"');
    assert.equal(status.status.health, 'unreachable');
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(refused.feed.snapshots.length, 0);
    assert.deepEqual(refusedStore.history('hpc1', null), []);
  });
});
