import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { after, before, describe, test } from 'node:test';
import type { HistoryBlock } from '../../protocol/history.ts';
import type { Retention } from '../config/config-types.ts';
import { usageSnapshot, type TestJob } from '../testing/usage-snapshot.ts';
import { HistoryError } from './history-error.ts';
import { HistoryStore } from './history-store.ts';

const T0 = 1_795_000_200; // a multiple of 3600 plus 200 s: buckets are not aligned to the first sample
const DEFAULT_RETENTION: Retention = { rawHours: 48, fiveMinuteDays: 30, hourlyDays: 730 };

let dir: string;
let counter = 0;
before(() => (dir = mkdtempSync(join(tmpdir(), 'webstat-history-'))));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A store on a fresh file with a clock the test moves. */
function openStore(retention = DEFAULT_RETENTION, path = join(dir, `history-${++counter}.sqlite`)) {
  const clock = { now: T0 };
  const store = HistoryStore.open(path, { retention, now: () => clock.now });
  return { store, clock, path };
}

/** Records one poll at `time` with these jobs; the clock follows. */
function poll(context: ReturnType<typeof openStore>, time: number, jobs: TestJob[], interval = 60) {
  context.clock.now = time;
  const seq = context.store.seq('hpc1') + 1;
  context.store.record('hpc1', usageSnapshot({ seq, time, jobs }), interval);
}

function seriesValues(block: HistoryBlock, dimension: string, name: string, metric: 'coresRunning' | 'coresQueued' | 'jobsRunning') {
  const series = block.series.find((s) => s.dimension === dimension && s.name === name);
  if (!series) return [];
  return series.at.map((at, k) => [block.times[at], series.values[metric][k]]);
}

describe('HistoryStore', () => {
  test('a poll becomes per-poll samples: totals and one series per user, group and queue', (t) => {
    const context = openStore();
    t.after(() => context.store.close());
    poll(context, T0, [
      { user: 'alice', cores: 16 },
      { user: 'alice', cores: 4, state: 'queued' },
      { user: 'bob', group: 'physics', queue: 'long', cores: 8, gpus: 1 },
      { user: 'carol', cores: 2, state: 'held' },
    ]);
    poll(context, T0 + 60, [{ user: 'bob', group: 'physics', queue: 'long', cores: 8, gpus: 1 }]);

    const blocks = context.store.history('hpc1', null);
    assert.equal(blocks.length, 1);
    const block = blocks[0]!;
    assert.equal(block.cluster, 'hpc1');
    assert.equal(block.step, 60);
    assert.deepEqual(block.times, [T0, T0 + 60]);
    assert.deepEqual(block.totals.coresTotal, [128, 128]);
    assert.deepEqual(block.totals.coresUsed, [24, 8]);
    assert.deepEqual(block.totals.gpusUsed, [1, 1]);
    assert.deepEqual(block.totals.jobsRunning, [2, 1]);
    assert.deepEqual(block.totals.jobsQueued, [1, 0]);
    assert.deepEqual(block.totals.jobsHeld, [1, 0]);
    // alice had nothing at the second poll: her series simply does not list it (zero).
    assert.deepEqual(seriesValues(block, 'user', 'alice', 'coresRunning'), [[T0, 16]]);
    assert.deepEqual(seriesValues(block, 'user', 'alice', 'coresQueued'), [[T0, 4]]);
    assert.deepEqual(seriesValues(block, 'user', 'bob', 'coresRunning'), [[T0, 8], [T0 + 60, 8]]);
    assert.deepEqual(seriesValues(block, 'group', 'physics', 'coresRunning'), [[T0, 8], [T0 + 60, 8]]);
    assert.deepEqual(seriesValues(block, 'queue', 'normal', 'coresRunning'), [[T0, 16]]);
    assert.deepEqual(seriesValues(block, 'queue', 'long', 'coresRunning'), [[T0, 8], [T0 + 60, 8]]);
    assert.deepEqual(
      block.series.map((s) => `${s.dimension}:${s.name}`),
      ['user:alice', 'user:bob', 'user:carol', 'group:grp-alice', 'group:grp-carol', 'group:physics', 'queue:long', 'queue:normal'],
    );
    // Incremental: only what came after `since`.
    const recent = context.store.history('hpc1', T0);
    assert.deepEqual(recent.map((b) => b.times), [[T0 + 60]]);
    assert.deepEqual(context.store.history('hpc1', T0 + 60), []);
    assert.deepEqual(context.store.history('nowhere', null), []);
  });

  test('a restart keeps every sample, the last snapshot and the sequence, which goes on rising', () => {
    const first = openStore();
    for (let i = 0; i < 10; i++) poll(first, T0 + 60 * i, [{ user: 'alice', cores: 10 + i }]);
    const historyBefore = first.store.history('hpc1', null);
    const snapshotBefore = first.store.lastSnapshot('hpc1');
    assert.equal(first.store.seq('hpc1'), 10);
    first.store.close();

    const second = openStore(DEFAULT_RETENTION, first.path);
    second.clock.now = first.clock.now;
    try {
      assert.equal(second.store.seq('hpc1'), 10);
      assert.deepEqual(second.store.lastSnapshot('hpc1'), snapshotBefore);
      assert.equal(second.store.lastSnapshot('hpc1')!.summary.users[0]!.coresRunning, 19);
      assert.deepEqual(second.store.history('hpc1', null), historyBefore);

      poll(second, T0 + 600, [{ user: 'alice', cores: 50 }]);
      assert.equal(second.store.seq('hpc1'), 11);
      assert.deepEqual(seriesValues(second.store.history('hpc1', T0 + 540)[0]!, 'user', 'alice', 'coresRunning'), [[T0 + 600, 50]]);

      // A sequence that does not rise is refused, and nothing of it is kept.
      assert.throws(
        () => second.store.record('hpc1', usageSnapshot({ seq: 11, time: T0 + 660, jobs: [] }), 60),
        (error: unknown) => error instanceof HistoryError && error.code === 'history-seq-regressed',
      );
      assert.equal(second.store.history('hpc1', T0 + 600).length, 0);
    } finally {
      second.store.close();
    }
  });

  test('a refused record leaves no trace, not even the names it brought', (t) => {
    const context = openStore();
    t.after(() => context.store.close());
    poll(context, T0, [{ user: 'alice', cores: 1 }]);
    // A snapshot that fails half-way (its job table cannot be encoded), after its samples and
    // names went in: the transaction is rolled back.
    const broken = usageSnapshot({ seq: 2, time: T0 + 60, jobs: [{ user: 'mallory', cores: 5 }] });
    broken.jobs[0]!.cores = -1;
    assert.throws(() => context.store.record('hpc1', broken, 60));
    assert.equal(context.store.seq('hpc1'), 1);
    poll(context, T0 + 120, [{ user: 'trent', cores: 7 }]);
    assert.ok(!context.store.history('hpc1', null)[0]!.series.some((s) => s.name.includes('mallory')), 'no trace of the refused record');
    // The refused record's name ids are handed out again: each name must still be itself.
    poll(context, T0 + 180, [{ user: 'mallory', cores: 3 }]);
    const block = context.store.history('hpc1', null)[0]!;
    assert.deepEqual(block.times, [T0, T0 + 120, T0 + 180]);
    assert.deepEqual(seriesValues(block, 'user', 'trent', 'coresRunning'), [[T0 + 120, 7]]);
    assert.deepEqual(seriesValues(block, 'user', 'mallory', 'coresRunning'), [[T0 + 180, 3]]);
  });

  test('a snapshot no newer than the newest sample is kept, but adds no sample', (t) => {
    const context = openStore();
    t.after(() => context.store.close());
    poll(context, T0, [{ user: 'alice', cores: 10 }]);
    // The agent restarted with its clock behind: new data, same or older time.
    context.store.record('hpc1', usageSnapshot({ seq: 2, time: T0 - 30, jobs: [{ user: 'alice', cores: 99 }] }), 60);
    assert.equal(context.store.seq('hpc1'), 2);
    assert.equal(context.store.lastSnapshot('hpc1')!.summary.coresUsed, 99);
    assert.deepEqual(context.store.history('hpc1', null)[0]!.times, [T0]);
  });

  test('data from a failed collection is kept as the last snapshot but never sampled', (t) => {
    const context = openStore();
    t.after(() => context.store.close());
    poll(context, T0, [{ user: 'alice', cores: 10 }]);
    const failed = usageSnapshot({ seq: 2, time: T0 + 60, jobs: [{ user: 'alice', cores: 10 }] });
    failed.status = { ...failed.status, health: 'scheduler-error', code: 'command-timeout', message: 'qstat killed', lastOkAt: T0 };
    context.store.record('hpc1', failed, 60);
    assert.equal(context.store.lastSnapshot('hpc1')!.status.health, 'scheduler-error');
    assert.deepEqual(context.store.history('hpc1', null)[0]!.times, [T0]);
  });

  test('a gap stays a gap: no sample is invented in any tier', (t) => {
    const context = openStore();
    t.after(() => context.store.close());
    const start = T0 - (T0 % 300); // bucket-aligned, so the tiers' buckets are easy to name
    for (let i = 0; i < 10; i++) poll(context, start + 60 * i, [{ user: 'alice', cores: 10 }]);
    // Unreachable for 30 minutes: nothing is recorded. Then data again.
    for (let i = 40; i < 50; i++) poll(context, start + 60 * i, [{ user: 'alice', cores: 20 }]);
    context.clock.now = start + 7200;
    context.store.maintain();

    const raw = context.store.range('hpc1', 0, 0, Infinity)!;
    assert.equal(raw.times.length, 20);
    assert.ok(raw.times.every((time) => time < start + 600 || time >= start + 2400), 'no sample in the gap');
    const fiveMinute = context.store.range('hpc1', 300, 0, Infinity)!;
    assert.deepEqual(fiveMinute.times, [start, start + 300, start + 2400, start + 2700]);
    assert.deepEqual(seriesValues(fiveMinute, 'user', 'alice', 'coresRunning').map(([, v]) => v), [10, 10, 20, 20]);
  });

  test('roll-ups are means over the polls of each bucket, a missing user counting zero', (t) => {
    const context = openStore();
    t.after(() => context.store.close());
    const hour = T0 - (T0 % 3600) + 3600;
    // Five polls in the first five minutes; alice is absent from the fourth.
    const alice = [10, 20, 30, null, 40];
    alice.forEach((cores, i) => poll(context, hour + 60 * i, cores === null ? [{ user: 'bob', cores: 1 }] : [{ user: 'alice', cores }]));
    // Three polls in the next five minutes: 1, 2, 2 → 1.666… → 1.67.
    [1, 2, 2].forEach((cores, i) => poll(context, hour + 300 + 60 * i, [{ user: 'alice', cores }]));
    // A poll in the next hour closes both buckets.
    poll(context, hour + 3600, [{ user: 'alice', cores: 5 }]);

    const fiveMinute = context.store.range('hpc1', 300, hour, hour + 3600)!;
    assert.equal(fiveMinute.step, 300);
    assert.deepEqual(fiveMinute.times, [hour, hour + 300]);
    assert.deepEqual(seriesValues(fiveMinute, 'user', 'alice', 'coresRunning'), [[hour, 20], [hour + 300, 1.67]]);
    assert.deepEqual(seriesValues(fiveMinute, 'user', 'bob', 'coresRunning'), [[hour, 0.2]]);
    assert.deepEqual(fiveMinute.totals.coresUsed, [20.2, 1.67]);
    assert.deepEqual(fiveMinute.totals.coresTotal, [128, 128]);

    // The hour's mean weighs every poll equally: (10+20+30+0+40+1+2+2) / 8 = 13.125 → 13.13.
    const hourly = context.store.range('hpc1', 3600, hour, hour + 3600)!;
    assert.equal(hourly.step, 3600);
    assert.deepEqual(hourly.times, [hour]);
    assert.deepEqual(seriesValues(hourly, 'user', 'alice', 'coresRunning'), [[hour, 13.13]]);
  });

  test('a quiet cluster has its last buckets closed by the clock, and a late sample re-rolls them', (t) => {
    const context = openStore();
    t.after(() => context.store.close());
    const start = T0 - (T0 % 300);
    poll(context, start, [{ user: 'alice', cores: 10 }]);
    poll(context, start + 60, [{ user: 'alice', cores: 20 }]);
    context.clock.now = start + 1200;
    context.store.maintain();
    assert.deepEqual(seriesValues(context.store.range('hpc1', 300, 0, Infinity)!, 'user', 'alice', 'coresRunning'), [[start, 15]]);
    poll(context, start + 120, [{ user: 'alice', cores: 30 }]);
    assert.deepEqual(seriesValues(context.store.range('hpc1', 300, 0, Infinity)!, 'user', 'alice', 'coresRunning'), [[start, 20]]);
  });

  test('history for browsers: per-poll samples for the kept range, 5-minute means before, 30 days at most', (t) => {
    const context = openStore({ rawHours: 2, fiveMinuteDays: 40, hourlyDays: 730 });
    t.after(() => context.store.close());
    const start = T0 - (T0 % 300);
    // 32 days of samples every half hour (to keep the test short), then 3 hours of one a minute.
    const end = start + 32 * 86_400;
    for (let time = start; time < end - 3 * 3600; time += 1800) poll(context, time, [{ user: 'alice', cores: 8 }], 60);
    for (let time = end - 3 * 3600; time <= end; time += 60) poll(context, time, [{ user: 'alice', cores: 16 }], 60);

    const [older, recent, ...rest] = context.store.history('hpc1', null);
    assert.equal(rest.length, 0);
    assert.equal(older!.step, 300);
    assert.equal(recent!.step, 60);
    // The window starts at the first 5-minute bucket inside the last 30 days; samples came every
    // 30 minutes then, so the first one is at most that much later.
    assert.ok(older!.times[0]! >= end - 30 * 86_400, 'no more than 30 days back');
    assert.ok(older!.times[0]! <= end - 30 * 86_400 + 300 + 1800, 'back to 30 days');
    const boundary = recent!.times[0]!;
    assert.ok(older!.times.at(-1)! + 300 <= boundary, 'the blocks do not overlap');
    assert.ok(boundary <= end - 2 * 3600 && boundary > end - 2 * 3600 - 300, 'per-poll samples cover the raw retention');
    assert.ok(recent!.times.every((time, i) => i === 0 || time - recent!.times[i - 1]! === 60), 'one sample a minute');
    assert.deepEqual(context.store.history('hpc1', end - 120).map((b) => b.times), [[end - 60, end]]);
    // A client back after a day away gets 5-minute means up to the per-poll range, then that.
    const since = end - 86_400;
    const resumed = context.store.history('hpc1', since);
    assert.equal(resumed.length, 2);
    assert.ok(resumed[0]!.times[0]! > since, 'only what came after since');
  });

  test('retention prunes each tier; per-poll samples outlive nothing they have not been rolled into', (t) => {
    const context = openStore({ rawHours: 1, fiveMinuteDays: 1, hourlyDays: 3 });
    t.after(() => context.store.close());
    const start = T0 - (T0 % 3600);
    for (let time = start; time < start + 5 * 86_400; time += 300) poll(context, time, [{ user: 'alice', cores: 4 }], 300);
    const now = context.clock.now;
    const raw = context.store.range('hpc1', 0, 0, Infinity)!;
    assert.ok(raw.times[0]! >= now - 3600 - 300, `per-poll samples from ${now - raw.times[0]!} s ago`);
    const fiveMinute = context.store.range('hpc1', 300, 0, Infinity)!;
    assert.ok(fiveMinute.times[0]! >= now - 86_400 && fiveMinute.times[0]! < now - 86_400 + 300, '5-minute means for a day');
    const hourly = context.store.range('hpc1', 3600, 0, Infinity)!;
    assert.ok(hourly.times[0]! >= now - 3 * 86_400 && hourly.times[0]! < now - 3 * 86_400 + 3600, 'hourly means for 3 days');
    assert.ok(hourly.times.every((time, i) => i === 0 || time - hourly.times[i - 1]! === 3600), 'one an hour');
  });

  test('a database written by a newer gateway is refused, not overwritten', () => {
    const path = join(dir, 'newer.sqlite');
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();
    assert.throws(
      () => HistoryStore.open(path, { retention: DEFAULT_RETENTION }),
      (error: unknown) => error instanceof HistoryError && error.code === 'history-schema-newer',
    );
  });
});
