import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FrameFlag } from '../../protocol/opcodes.ts';
import type { Snapshot } from '../../protocol/model.ts';
import { nextSnapshot, sampleSnapshot } from '../testing/sample-cluster.ts';
import { StreamClient } from '../testing/stream-client.ts';
import { audienceSnapshot } from '../views/audience-snapshot.ts';
import { Pseudonyms } from '../views/pseudonyms.ts';
import type { ViewSpec } from '../views/view-spec.ts';
import { ClusterHub } from './cluster-hub.ts';
import type { Publisher } from './publisher.ts';

/** Delivers published frames to the clients subscribed to a topic, as uWS pub/sub does. */
class RecordingPublisher implements Publisher {
  readonly subscribers = new Map<string, StreamClient[]>();
  readonly published: Array<{ topic: string; frame: Uint8Array }> = [];
  publish(topic: string, frame: Uint8Array): void {
    this.published.push({ topic, frame });
    for (const client of this.subscribers.get(topic) ?? []) client.receive(frame);
  }
  subscribe(topic: string, client: StreamClient): void {
    this.subscribers.set(topic, [...(this.subscribers.get(topic) ?? []), client]);
  }
}

const pseudonyms = new Pseudonyms(Buffer.alloc(32, 1));
const summary: ViewSpec = { level: 'summary', pseudonyms: true, top: 3 };

function setup(deflate = false as const) {
  const publisher = new RecordingPublisher();
  const hub = new ClusterHub({ clusters: [{ name: 'alpha', label: 'Alpha' }], publisher, pseudonyms, deflate });
  const join = (view: ViewSpec, sinceSeq: number | null = null, client = new StreamClient()) => {
    const topic = hub.topic('alpha', view)!;
    for (const frame of topic.joinFrames(sinceSeq)) client.receive(frame);
    publisher.subscribe(topic.name, client);
    return client;
  };
  return { hub, publisher, join };
}

function expected(hub: ClusterHub, view: ViewSpec): Snapshot {
  return audienceSnapshot(hub.cluster('alpha')!.snapshot!, view, pseudonyms);
}

describe('ClusterHub and Topic', () => {
  it('keeps early and late subscribers equal to the view of the current state', () => {
    const { hub, join } = setup();
    let full = sampleSnapshot({ jobs: 30 });
    hub.snapshot('alpha', full);
    const early = join({ level: 'jobs' });
    const earlySummary = join(summary);
    for (let poll = 0; poll < 6; poll++) {
      full = nextSnapshot(full, { finished: 4, arrived: 5 });
      hub.snapshot('alpha', full);
    }
    hub.status('alpha', { ...full.status, health: 'stale', code: 'timeout', message: 'agent did not answer' }, full.time + 90);
    const late = join({ level: 'jobs' });
    full = nextSnapshot(hub.cluster('alpha')!.snapshot!);
    hub.snapshot('alpha', full);
    for (const client of [early, late]) assert.deepEqual(client.snapshots.get('alpha'), expected(hub, { level: 'jobs' }));
    assert.deepEqual(earlySummary.snapshots.get('alpha'), expected(hub, summary));
    assert.equal(early.ofType('delta').length, 7);
    assert.equal(early.ofType('status').length, 1);
  });

  it('tells a client holding the current seq to resume, with the current status', () => {
    const { hub, join } = setup();
    const full = sampleSnapshot({ seq: 41 });
    hub.snapshot('alpha', full);
    hub.status('alpha', { ...full.status, health: 'unreachable', code: 'tunnel-down', message: 'ssh: connection refused' }, full.time + 300);
    const client = join({ level: 'users' }, 41);
    assert.deepEqual(client.messages.map((m) => m.type), ['resume', 'status']);
    assert.equal(client.ofType('status')[0]!.status.health, 'unreachable');
    const stale = join({ level: 'users' }, 40);
    assert.deepEqual(stale.messages.map((m) => m.type), ['snapshot']);
    assert.equal(stale.snapshots.get('alpha')!.status.health, 'unreachable');
  });

  it('starts a stream with a status when a cluster has no data yet', () => {
    const { hub, join } = setup();
    hub.status('alpha', { health: 'unreachable', code: 'host-key-unknown', message: 'host key not in known_hosts', lastOkAt: null, durationMs: null, outputBytes: null }, 1_795_000_000);
    const client = join(summary);
    assert.deepEqual(client.ofType('status').map((m) => m.status.code), ['host-key-unknown']);
    hub.status('alpha', { health: 'unreachable', code: 'timeout', message: 'no answer', lastOkAt: null, durationMs: null, outputBytes: null }, 1_795_000_060);
    hub.snapshot('alpha', sampleSnapshot({ seq: 1 }));
    assert.deepEqual(client.snapshots.get('alpha'), expected(hub, summary));
  });

  it('sends nothing for the same state delivered twice, and a reset snapshot for a seq that jumps', () => {
    const { hub, publisher, join } = setup();
    const full = sampleSnapshot({ seq: 5 });
    hub.snapshot('alpha', full);
    const client = join({ level: 'jobs' });
    const before = publisher.published.length;
    hub.snapshot('alpha', full);
    assert.equal(publisher.published.length, before);
    hub.snapshot('alpha', { ...nextSnapshot(full), seq: 9 });
    const last = publisher.published.at(-1)!.frame;
    assert.equal(last[2]! & FrameFlag.Reset, FrameFlag.Reset);
    assert.equal(client.snapshots.get('alpha')!.seq, 9);
    assert.deepEqual(client.snapshots.get('alpha'), expected(hub, { level: 'jobs' }));
  });

  it('resets the string table once it outgrows the state, and subscribers follow', () => {
    const { hub, publisher, join } = setup();
    let full = sampleSnapshot({ jobs: 50 });
    hub.snapshot('alpha', full);
    const client = join({ level: 'jobs' });
    let resets = 0;
    for (let poll = 0; poll < 400 && resets === 0; poll++) {
      full = nextSnapshot(full, { finished: 100, arrived: 100 });
      hub.snapshot('alpha', full);
      const frame = publisher.published.at(-1)!.frame;
      if (frame[2]! & FrameFlag.Reset) resets++;
    }
    assert.equal(resets, 1, 'a reset happened');
    const late = join({ level: 'jobs' });
    full = nextSnapshot(full);
    hub.snapshot('alpha', full);
    assert.deepEqual(client.snapshots.get('alpha'), expected(hub, { level: 'jobs' }));
    assert.deepEqual(late.snapshots.get('alpha'), expected(hub, { level: 'jobs' }));
  });
});
