/** The request logic without sockets (zmq-service.test.ts runs it behind a real REP socket). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apply, diff } from '../../protocol/delta.ts';
import { decodeMessage, encodeMessage } from '../../protocol/frame.ts';
import type { Message } from '../../protocol/messages.ts';
import { PROTOCOL_VERSION } from '../../protocol/opcodes.ts';
import type { Snapshot } from '../../protocol/model.ts';
import { SyntheticCluster } from '../simulator/synthetic-cluster.ts';
import { RequestHandler } from './request-handler.ts';
import { SnapshotStore } from './snapshot-store.ts';

function filledStore(collections: number): { store: SnapshotStore; held: Snapshot[] } {
  const cluster = new SyntheticCluster({ name: 'hpc1', jobs: 500, nodes: 30, users: 10, groups: 3 });
  const store = new SnapshotStore(100);
  const held = [store.put(cluster.snapshot())];
  for (let i = 1; i < collections; i++) {
    cluster.step();
    held.push(store.put(cluster.snapshot()));
  }
  return { store, held };
}

function handlerFor(store: SnapshotStore): (bytes: Uint8Array) => Promise<Message> {
  const handler = new RequestHandler(
    { store, identity: { agentVersion: '1.2.3', cluster: 'hpc1', intervalSeconds: 60, flavour: () => 'pbspro' } },
    async () => undefined,
  );
  return async (bytes) => decodeMessage(await handler.handle(bytes));
}

const request = (want: 'hello' | 'snapshot' | 'delta' | 'status', sinceSeq: number | null = null) =>
  encodeMessage({ type: 'agent-request', want, sinceSeq });

test('hello: versions, cluster, flavour, interval and the current sequence', async () => {
  const { store } = filledStore(2);
  const reply = await handlerFor(store)(request('hello'));
  assert.deepEqual(reply, { type: 'agent-info', agentVersion: '1.2.3', protocolVersion: PROTOCOL_VERSION, cluster: 'hpc1', flavour: 'pbspro', intervalSeconds: 60, seq: 101 });
});

test('hello: a sub-second simulated interval is announced as one second, not refused by the codec', async () => {
  const { store } = filledStore(1);
  const handler = new RequestHandler({ store, identity: { agentVersion: 'x', cluster: 'sim', intervalSeconds: 0.5, flavour: () => 'pbspro' } }, async () => undefined);
  const reply = decodeMessage(await handler.handle(request('hello')));
  assert.equal(reply.type === 'agent-info' && reply.intervalSeconds, 1);
});

test('delta since N is diff(snapshot N, current), and applies to give the current snapshot', async () => {
  const { store, held } = filledStore(4);
  const ask = handlerFor(store);
  const current = held[3]!;
  for (const old of held.slice(0, 3)) {
    const reply = await ask(request('delta', old.seq));
    assert.equal(reply.type, 'delta');
    if (reply.type !== 'delta') continue;
    assert.deepEqual(reply.delta, diff(old, current));
    assert.deepEqual(apply(old, reply.delta), current);
  }
});

test('delta since the current N is a status; since an unknown N, the whole snapshot', async () => {
  const { store, held } = filledStore(2);
  const ask = handlerFor(store);
  const current = await ask(request('delta', held[1]!.seq));
  assert.equal(current.type, 'status');
  const unknown = await ask(request('delta', 5));
  assert.equal(unknown.type, 'snapshot');
  if (unknown.type === 'snapshot') {
    assert.equal(unknown.level, 'jobs');
    assert.deepEqual(unknown.snapshot, held[1]);
  }
  const status = await ask(request('status'));
  assert.deepEqual(status, { type: 'status', cluster: 'hpc1', seq: held[1]!.seq, time: held[1]!.time, status: held[1]!.status });
});

test('a malformed frame gets an error reply with the decoder\'s code, and the next request is answered', async () => {
  const { store } = filledStore(1);
  const ask = handlerFor(store);
  const truncated = await ask(request('snapshot').subarray(0, 4));
  assert.equal(truncated.type, 'error');
  if (truncated.type === 'error') assert.equal(truncated.code, 'truncated');
  const version = await ask(new Uint8Array([99, 0x10, 0, 1]));
  assert.equal(version.type === 'error' && version.code, 'unsupported-version');
  const empty = await ask(new Uint8Array());
  assert.equal(empty.type, 'error');
  assert.equal((await ask(request('snapshot'))).type, 'snapshot');
});

test('a frame that is not an agent request gets unexpected-message', async () => {
  const { store } = filledStore(1);
  const reply = await handlerFor(store)(encodeMessage({ type: 'error', code: 'x', message: 'y' }));
  assert.equal(reply.type === 'error' && reply.code, 'unexpected-message');
});

test('requests for data wait for the first collection; hello does not', async () => {
  const store = new SnapshotStore(1);
  let release!: () => void;
  const first = new Promise<void>((resolve) => (release = resolve));
  const handler = new RequestHandler({ store, identity: { agentVersion: 'x', cluster: 'hpc1', intervalSeconds: 60, flavour: () => 'unknown' } }, () => first);
  const hello = decodeMessage(await handler.handle(request('hello')));
  assert.equal(hello.type === 'agent-info' && hello.seq, 0);
  const waiting = handler.handle(request('snapshot'));
  store.put(new SyntheticCluster({ name: 'hpc1', jobs: 50, nodes: 5, users: 3, groups: 2 }).snapshot());
  release();
  assert.equal(decodeMessage(await waiting).type, 'snapshot');
});
