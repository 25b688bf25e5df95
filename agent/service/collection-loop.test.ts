/**
 * The scheduler budget with the real collector, real parsers and fake qstat/pbsnodes processes.
 * Time is the test's: a manual timer wakes the loop; what is asserted is counted calls and the
 * delays the loop asks for, never how long something took.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, test } from 'node:test';
import { decodeMessage, encodeMessage } from '../../protocol/frame.ts';
import type { Message } from '../../protocol/messages.ts';
import { Collector } from '../collector/collector.ts';
import { parseOutput } from '../formats.ts';
import { FakeSchedulerSession, FIXTURES, processGone, type FakeScript } from '../testing/fake-scheduler-session.ts';
import { ManualTimer } from '../testing/manual-timer.ts';
import { CollectionLoop } from './collection-loop.ts';
import { RequestHandler } from './request-handler.ts';
import { SnapshotStore } from './snapshot-store.ts';

const GOOD: FakeScript = {
  'qstat -f -t -F json': { stdoutFile: `${FIXTURES}pbspro/qstat_xf_json_buildtest_held_19.txt` },
  'pbsnodes -a -F json': { stdoutFile: `${FIXTURES}pbspro/pbsnodes_a_json_alcf_polaris_2022_excerpt.txt` },
  'qstat -Q -f -F json': { stdoutFile: `${FIXTURES}pbspro/qstat_Qf_json_it4i_barbora_20.txt` },
};

const sessions: FakeSchedulerSession[] = [];
const loops: CollectionLoop[] = [];
after(async () => {
  for (const loop of loops) await loop.stop();
  for (const session of sessions) session.close();
});

function agent(script: FakeScript, options: { intervalMs?: number; commandTimeoutMs?: number } = {}) {
  const session = new FakeSchedulerSession(script);
  sessions.push(session);
  const collector = new Collector(
    { flavour: 'pbspro', commands: { qstat: 'qstat', pbsnodes: 'pbsnodes', showq: null }, commandTimeoutMs: options.commandTimeoutMs ?? 20_000, timeZone: 'UTC', env: session.env },
    parseOutput,
  );
  const store = new SnapshotStore(1);
  const timer = new ManualTimer();
  const loop = new CollectionLoop({ cluster: 'test', intervalMs: options.intervalMs ?? 60_000, source: collector, store, timer });
  loops.push(loop);
  const handler = new RequestHandler(
    { store, identity: { agentVersion: 'test', cluster: 'test', intervalSeconds: 60, flavour: () => 'pbspro' } },
    () => loop.firstSnapshot(),
  );
  const ask = async (want: 'hello' | 'snapshot' | 'delta' | 'status', sinceSeq: number | null = null): Promise<Message> =>
    decodeMessage(await handler.handle(encodeMessage({ type: 'agent-request', want, sinceSeq })));
  return { session, store, timer, loop, ask };
}

test('100 concurrent requests cause one collection', async () => {
  const { session, timer, loop, ask } = agent(GOOD);
  loop.start();
  const replies = await Promise.all(Array.from({ length: 100 }, (_, i) => ask(i % 2 ? 'snapshot' : 'status')));
  const again = await Promise.all(Array.from({ length: 100 }, () => ask('delta', null)));
  assert.equal(loop.collections, 1);
  assert.deepEqual(session.calls(), ['qstat -f -t -F json', 'pbsnodes -a -F json', 'qstat -Q -f -F json']);
  const seqs = new Set([...replies, ...again].map((reply) => (reply.type === 'snapshot' ? reply.snapshot.seq : reply.type === 'status' ? reply.seq : -1)));
  assert.deepEqual([...seqs], [1]);
  assert.ok(timer.armed, 'the next collection waits for the timer, not for requests');
});

test('never two collections at once', async () => {
  const { session, loop } = agent(GOOD);
  await Promise.all([loop.collectNow(), loop.collectNow(), loop.collectNow()]);
  assert.equal(loop.collections, 1);
  assert.equal(session.calls().length, 3);
});

test('a slow qstat stretches the interval to ten times its duration', async () => {
  const { store, timer, loop } = agent({ ...GOOD, 'qstat -f -t -F json': { ...GOOD['qstat -f -t -F json'], sleepMs: 1500 } }, { intervalMs: 1000 });
  await loop.collectNow();
  const duration = store.current!.status.durationMs!;
  assert.ok(duration >= 1500);
  const [delay] = timer.delays;
  assert.ok(delay! > 1000, 'longer than the configured interval');
  // Start to start: duration + delay = 10 x duration (within the rounding of durationMs).
  assert.ok(Math.abs(delay! + duration - 10 * duration) <= 10, `${delay} after ${duration} ms`);
});

test('a hanging qstat is killed with its child, and the status becomes scheduler-error with its stderr', async () => {
  // Long enough for the fake (a Node script) to start, fork and print on a busy machine.
  const { session, store, loop } = agent({}, { commandTimeoutMs: 6000 });
  const childPidFile = session.file('child.pid', '');
  session.script({ ...GOOD, 'qstat -f -t -F json': { hang: true, childPidFile, stderr: 'pbs_connect: server busy MARKER-HANG\n' } });
  await loop.collectNow();
  const status = store.current!.status;
  assert.equal(status.health, 'scheduler-error');
  assert.equal(status.code, 'timeout');
  assert.match(status.message!, /MARKER-HANG/);
  assert.equal(status.lastOkAt, null, 'never had good data');
  assert.deepEqual(store.current!.jobs, []);
  const child = Number(readFileSync(childPidFile, 'utf8'));
  assert.ok(child > 0, 'the fake qstat started a child');
  assert.ok(processGone(child), "the fake qstat's child is gone");
});

test('garbage gives scheduler-error with the ParseError', async () => {
  const { store, loop } = agent({ '*': { garbage: true } });
  await loop.collectNow();
  const status = store.current!.status;
  assert.equal(status.health, 'scheduler-error');
  assert.equal(status.code, 'parse-error');
  assert.match(status.message!, /qstat -f -t/);
  assert.match(status.message!, /line \d+/);
});

test('after a failed collection the last good snapshot keeps being served, marked, until data is good again', async () => {
  const { session, store, timer, loop, ask } = agent(GOOD);
  await loop.collectNow();
  const good = store.current!;
  assert.equal(good.status.health, 'ok');
  assert.equal(good.jobs.length, 1);

  session.script({ ...GOOD, 'qstat -f -t -F json': { garbage: true }, 'qstat -f -t': { garbage: true } });
  timer.fire();
  await loop.collectNow();
  const failed = store.current!;
  assert.ok(failed.seq > good.seq);
  assert.deepEqual(failed.jobs, good.jobs);
  assert.deepEqual(failed.summary, good.summary);
  assert.equal(failed.status.health, 'scheduler-error');
  assert.equal(failed.status.code, 'parse-error');
  assert.equal(failed.status.lastOkAt, good.status.lastOkAt);

  const delta = await ask('delta', good.seq);
  assert.equal(delta.type, 'delta');
  if (delta.type === 'delta') {
    assert.equal(delta.delta.status?.health, 'scheduler-error');
    assert.deepEqual([delta.delta.jobs.added, delta.delta.jobs.removed, delta.delta.jobs.changed], [[], [], []]);
  }

  session.script(GOOD);
  timer.fire();
  await loop.collectNow();
  assert.equal(store.current!.status.health, 'ok');
  assert.equal(loop.collections, 3);
});

test('a bug in a collection becomes the status, and the loop goes on', async () => {
  const store = new SnapshotStore(1);
  const timer = new ManualTimer();
  const loop = new CollectionLoop({
    cluster: 'test',
    intervalMs: 60_000,
    store,
    timer,
    source: {
      scheduler: { kind: 'pbs', flavour: 'pbspro', version: null, server: null },
      collect: () => Promise.reject(new TypeError('boom')),
    },
  });
  loops.push(loop);
  await loop.collectNow();
  assert.equal(store.current!.status.code, 'internal');
  assert.ok(timer.armed);
});
