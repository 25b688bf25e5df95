/** The polling logic without sockets; cluster-poller.test.ts runs it against real agents. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apply, diff } from '../../protocol/delta.ts';
import type { Message } from '../../protocol/messages.ts';
import type { Snapshot } from '../../protocol/model.ts';
import { usageSnapshot } from '../testing/usage-snapshot.ts';
import { ClusterTracker } from './cluster-tracker.ts';

const T0 = 1_795_000_000;
const AGENT_SEQ = 1_790_000_000_000; // agents number from their start time in milliseconds

function agentSnapshot(seq: number, time: number, cores: number): Snapshot {
  return usageSnapshot({ cluster: 'agent-calls-it-this', seq, time, jobs: [{ user: 'alice', cores }] });
}

const info: Message = { type: 'agent-info', agentVersion: '1', protocolVersion: 1, cluster: 'x', flavour: 'pbspro', intervalSeconds: 60, seq: 0 };
const asSnapshot = (snapshot: Snapshot): Message => ({ type: 'snapshot', level: 'jobs', snapshot });
const current = (snapshot: Snapshot): Message => ({ type: 'status', cluster: snapshot.cluster, seq: snapshot.seq, time: snapshot.time, status: snapshot.status });

/** Runs hello + snapshot on a fresh tracker and accepts the result, as the poller does. */
function connected(first: Snapshot, stored: Snapshot | null = null) {
  const tracker = new ClusterTracker('hpc1', 60, stored, stored?.seq ?? 0, T0);
  assert.equal(tracker.request().want, 'hello');
  assert.equal(tracker.onReply(info, T0).again, true);
  assert.equal(tracker.request().want, 'snapshot');
  const step = tracker.onReply(asSnapshot(first), first.time);
  if (step.snapshot) tracker.accepted(step.snapshot);
  return { tracker, step };
}

describe('ClusterTracker', () => {
  test('hello, then a snapshot under the gateway\'s name and sequence, then deltas since the agent\'s sequence', () => {
    const first = agentSnapshot(AGENT_SEQ, T0, 10);
    const { tracker, step } = connected(first);
    assert.deepEqual(step.snapshot, { ...first, cluster: 'hpc1', seq: 1 });
    assert.equal(tracker.status.health, 'ok');
    assert.deepEqual(tracker.request(), { type: 'agent-request', want: 'delta', sinceSeq: AGENT_SEQ });

    const second = agentSnapshot(AGENT_SEQ + 1, T0 + 60, 20);
    const next = tracker.onReply({ type: 'delta', delta: diff(first, second) }, T0 + 60);
    assert.deepEqual(next.snapshot, { ...second, cluster: 'hpc1', seq: 2 });
    assert.deepEqual(next.snapshot, { ...apply(first, diff(first, second)), cluster: 'hpc1', seq: 2 });
    tracker.accepted(next.snapshot!);
    assert.deepEqual(tracker.request(), { type: 'agent-request', want: 'delta', sinceSeq: AGENT_SEQ + 1 });
  });

  test('a delta that does not apply is dropped and a whole snapshot asked for at once', () => {
    const first = agentSnapshot(AGENT_SEQ, T0, 10);
    const { tracker } = connected(first);
    const other = agentSnapshot(AGENT_SEQ + 5, T0 + 60, 10);
    const wrong = tracker.onReply({ type: 'delta', delta: diff(other, agentSnapshot(AGENT_SEQ + 6, T0 + 120, 30)) }, T0 + 120);
    assert.deepEqual(wrong, { snapshot: null, status: null, again: true });
    assert.equal(tracker.request().want, 'snapshot');
  });

  test('the gateway sequence goes on rising when the agent restarts with new numbers', () => {
    const { tracker } = connected(agentSnapshot(AGENT_SEQ, T0, 10));
    const restarted = agentSnapshot(5, T0 + 60, 12);
    const step = tracker.onReply(asSnapshot(restarted), T0 + 60);
    assert.equal(step.snapshot!.seq, 2);
    tracker.accepted(step.snapshot!);
    assert.deepEqual(tracker.request(), { type: 'agent-request', want: 'delta', sinceSeq: 5 });
  });

  test('after a gateway restart, the same data keeps its sequence and new data continues it', () => {
    const stored = { ...agentSnapshot(AGENT_SEQ, T0, 10), cluster: 'hpc1', seq: 41 };
    const same = connected(agentSnapshot(AGENT_SEQ, T0, 10), stored);
    assert.equal(same.step.snapshot, null);
    assert.equal(same.tracker.snapshot!.seq, 41);
    const newer = connected(agentSnapshot(AGENT_SEQ + 1, T0 + 60, 10), stored);
    assert.equal(newer.step.snapshot!.seq, 42);
  });

  test('a stored sequence without a readable snapshot still numbers on from the store', () => {
    const tracker = new ClusterTracker('hpc1', 60, null, 57, T0);
    assert.equal(tracker.onReply(info, T0).again, true);
    assert.equal(tracker.onReply(asSnapshot(agentSnapshot(AGENT_SEQ, T0, 10)), T0).snapshot!.seq, 58);
  });

  test('nothing new is fine until the data is older than 2.5 intervals: then stale, then ok again', () => {
    const first = agentSnapshot(AGENT_SEQ, T0, 10);
    const { tracker } = connected(first);
    assert.deepEqual(tracker.onReply(current(first), T0 + 60), { snapshot: null, status: null, again: false });
    assert.equal(tracker.onReply(current(first), T0 + 150).status, null);
    const stale = tracker.onReply(current(first), T0 + 151).status!;
    assert.equal(stale.health, 'stale');
    assert.equal(stale.code, 'stale-data');
    assert.equal(stale.lastOkAt, T0);
    assert.equal(tracker.onReply(current(first), T0 + 211).status, null, 'no repeated status while nothing changes');
    const fresh = agentSnapshot(AGENT_SEQ + 1, T0 + 240, 10);
    const step = tracker.onReply({ type: 'delta', delta: diff(first, fresh) }, T0 + 241);
    assert.equal(step.snapshot!.status.health, 'ok');
  });

  test('a slow scheduler stretches the interval to ten collection durations: stale only after 2.5 of those', () => {
    const slow: Snapshot = { ...agentSnapshot(AGENT_SEQ, T0, 10), status: { health: 'ok', code: null, message: null, lastOkAt: T0, durationMs: 20_000, outputBytes: 2048 } };
    const { tracker } = connected(slow);
    // The agent collects again 200 s after a 20 s collection, not 60 s after it.
    assert.equal(tracker.onReply(current(slow), T0 + 300).status, null);
    assert.equal(tracker.onReply(current(slow), T0 + 500).status, null);
    assert.equal(tracker.onReply(current(slow), T0 + 501).status!.health, 'stale');
  });

  test('a failed collection shows scheduler-error and keeps the last good data on show', () => {
    const first = agentSnapshot(AGENT_SEQ, T0, 10);
    const { tracker } = connected(first);
    const failed: Snapshot = {
      ...first,
      seq: AGENT_SEQ + 1,
      time: T0 + 60,
      status: { health: 'scheduler-error', code: 'command-timeout', message: 'qstat -f killed after 120 s', lastOkAt: T0, durationMs: 120_000, outputBytes: 0 },
    };
    const step = tracker.onReply({ type: 'delta', delta: diff(first, failed) }, T0 + 61);
    assert.equal(step.snapshot, null);
    assert.equal(step.status!.health, 'scheduler-error');
    assert.equal(step.status!.code, 'command-timeout');
    assert.equal(step.status!.lastOkAt, T0);
    assert.equal(tracker.snapshot!.summary.coresUsed, 10);
  });

  test('no answer makes the cluster unreachable with the cause; the next poll says hello again', () => {
    const { tracker } = connected(agentSnapshot(AGENT_SEQ, T0, 10));
    const step = tracker.onFailure('host-key-changed', 'the host key of login1 differs');
    assert.deepEqual(
      [step.status!.health, step.status!.code, step.status!.lastOkAt],
      ['unreachable', 'host-key-changed', T0],
    );
    assert.equal(tracker.onFailure('host-key-changed', 'the host key of login1 differs').status, null);
    assert.equal(tracker.request().want, 'hello');
    assert.equal(tracker.onReply({ type: 'error', code: 'unexpected-message', message: 'expected an agent-request' }, T0).status!.code, 'unexpected-message');
  });

  test('a restarted gateway shows old stored data as stale until the first answer', () => {
    const stored = { ...agentSnapshot(AGENT_SEQ, T0, 10), cluster: 'hpc1', seq: 7 };
    const tracker = new ClusterTracker('hpc1', 60, stored, 7, T0 + 3600);
    assert.equal(tracker.status.health, 'stale');
    assert.equal(tracker.snapshot!.seq, 7);
    const fresh = new ClusterTracker('hpc1', 60, stored, 7, T0 + 30);
    assert.equal(fresh.status.health, 'ok');
    assert.equal(new ClusterTracker('hpc1', 60, null, 0, T0).status.health, 'unreachable');
  });
});
