import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apply } from '../../protocol/delta.ts';
import type { Snapshot } from '../../protocol/model.ts';
import { SyntheticCluster } from '../simulator/synthetic-cluster.ts';
import { SnapshotStore } from './snapshot-store.ts';

function evolving(): { next(): Snapshot } {
  const cluster = new SyntheticCluster({ jobs: 400, nodes: 30, users: 10, groups: 3 });
  let first = true;
  return {
    next() {
      if (!first) cluster.step();
      first = false;
      return cluster.snapshot();
    },
  };
}

test('a sequence number is handed out only when something changed', () => {
  const store = new SnapshotStore(1000);
  const cluster = evolving();
  const snapshot = cluster.next();
  const first = store.put(snapshot);
  assert.equal(first.seq, 1000);
  assert.equal(store.put({ ...snapshot, seq: 77 }), first, 'the same cluster again keeps the snapshot and its number');
  assert.equal(store.put(cluster.next()).seq, 1001);
});

test('records that did not change are the previous snapshot\'s objects, so ten snapshots cost little more than one', () => {
  const store = new SnapshotStore(1);
  const cluster = evolving();
  const first = store.put(cluster.next());
  // A new collection parses everything anew: equal records, but new objects.
  const second = store.put(structuredClone(cluster.next()));
  const firstById = new Map(first.jobs.map((job) => [job.id, job]));
  let shared = 0;
  for (const job of second.jobs) {
    const before = firstById.get(job.id);
    if (before === job) shared++;
    else if (before) assert.notDeepEqual(before, job, `${job.id} is equal but not shared`);
  }
  assert.ok(shared > second.jobs.length * 0.9, `${shared} of ${second.jobs.length} shared`);
  assert.equal(second.nodes.filter((node, i) => node === first.nodes[i]).length > 0, true);
});

test('delta since a held N applied to snapshot N gives the current snapshot exactly', () => {
  const store = new SnapshotStore(1);
  const cluster = evolving();
  const held = [store.put(cluster.next())];
  for (let i = 0; i < 4; i++) held.push(store.put(cluster.next()));
  const current = store.current!;
  for (const old of held.slice(0, -1)) {
    const answer = store.since(old.seq)!;
    assert.equal(answer.kind, 'delta');
    if (answer.kind !== 'delta') continue;
    assert.equal(answer.delta.fromSeq, old.seq);
    assert.equal(answer.delta.toSeq, current.seq);
    assert.deepEqual(apply(old, answer.delta), current);
  }
});

test('the current N gets "current", an unknown or too old N the whole snapshot', () => {
  const store = new SnapshotStore(1, 3);
  const cluster = evolving();
  for (let i = 0; i < 5; i++) store.put(cluster.next());
  assert.deepEqual(store.sequences, [3, 4, 5]);
  assert.equal(store.since(5)!.kind, 'current');
  assert.equal(store.since(1)!.kind, 'snapshot', 'too old');
  assert.equal(store.since(999)!.kind, 'snapshot', 'unknown');
  assert.equal(store.since(null)!.kind, 'snapshot', 'holds nothing');
  assert.equal(new SnapshotStore().since(null), null, 'nothing collected yet');
});

test('numbers start at the start time in milliseconds, so a restarted agent never reuses an earlier run\'s', () => {
  // An agent that made a change every second would need 1000 times as long as it ran to catch up
  // with a restart: its numbers stay below the next run's first.
  const before = Date.now();
  const seq = new SnapshotStore().put(evolving().next()).seq;
  assert.ok(seq >= before && seq <= Date.now());
});
