import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apply, diff } from '../../protocol/delta.ts';
import { canonicalSnapshot } from '../../protocol/canonical-order.ts';
import {
  SAMPLE_GROUPS,
  SAMPLE_JOB_NAME_PREFIX,
  SAMPLE_NODE_COMMENT,
  SAMPLE_QUEUE_LIMIT,
  SAMPLE_USERS,
  nextSnapshot,
  sampleSnapshot,
} from '../testing/sample-cluster.ts';
import { audienceSnapshot } from './audience-snapshot.ts';
import { OTHERS, Pseudonyms } from './pseudonyms.ts';
import type { ViewSpec } from './view-spec.ts';

const pseudonyms = new Pseudonyms(Buffer.alloc(32, 7));
const full = sampleSnapshot({ jobs: 60 });
const secrets = [...SAMPLE_USERS, ...SAMPLE_GROUPS, SAMPLE_JOB_NAME_PREFIX, SAMPLE_NODE_COMMENT, SAMPLE_QUEUE_LIMIT];

function leaks(value: unknown): string[] {
  const text = JSON.stringify(value);
  return secrets.filter((secret) => text.includes(secret));
}

describe('audienceSnapshot', () => {
  it('gives the jobs view everything', () => {
    assert.deepEqual(audienceSnapshot(full, { level: 'jobs' }, pseudonyms), full);
  });

  it('drops the job table at the users level and keeps real names', () => {
    const view = audienceSnapshot(full, { level: 'users' }, pseudonyms);
    assert.equal(view.jobs.length, 0);
    assert.deepEqual(view.summary.users.map((u) => u.name).sort(), [...SAMPLE_USERS].sort());
    assert.ok(!JSON.stringify(view).includes(SAMPLE_JOB_NAME_PREFIX));
  });

  it('shows the top users under pseudonyms and sums the rest into others', () => {
    const view = audienceSnapshot(full, { level: 'summary', pseudonyms: true, top: 2 }, pseudonyms);
    assert.deepEqual(leaks(view), []);
    assert.equal(view.jobs.length, 0);
    const names = view.summary.users.map((u) => u.name);
    assert.equal(names.length, 3);
    assert.ok(names.includes(OTHERS));
    for (const name of names.filter((n) => n !== OTHERS)) assert.match(name, /^user-[0-9a-f]{6}$/);
    const sum = (rows: typeof view.summary.users) => rows.reduce((s, r) => s + r.coresRunning + r.coresQueued + r.jobsHeld, 0);
    assert.equal(sum(view.summary.users), sum(full.summary.users));
    assert.equal(sum(view.summary.groups), sum(full.summary.groups));
    // The heaviest user (zelda.quinn in the sample) keeps a row of its own with its own numbers.
    const heaviest = full.summary.users.find((u) => u.name === 'zelda.quinn')!;
    const row = view.summary.users.find((u) => u.name === pseudonyms.of('user', 'zelda.quinn'))!;
    assert.equal(row.coresRunning, heaviest.coresRunning);
  });

  it('hides per-user and per-group rows entirely without pseudonyms', () => {
    const view = audienceSnapshot(full, { level: 'summary', pseudonyms: false, top: 0 }, pseudonyms);
    assert.deepEqual(view.summary.users, []);
    assert.deepEqual(view.summary.groups, []);
    assert.deepEqual(view.summary.queues, full.summary.queues);
    assert.equal(view.summary.coresUsed, full.summary.coresUsed);
    assert.deepEqual(leaks(view), []);
  });

  it('keeps node names and states but drops free-text comments and limits at summary', () => {
    const view = audienceSnapshot(full, { level: 'summary', pseudonyms: false, top: 0 }, pseudonyms);
    assert.deepEqual(view.nodes.map((n) => [n.name, n.states]), full.nodes.map((n) => [n.name, n.states]));
    assert.ok(view.nodes.every((n) => n.comment === null));
    assert.ok(view.queues.every((q) => Object.keys(q.limits).length === 0));
  });

  it('gives the same pseudonym for the same secret and another for another secret', () => {
    const again = new Pseudonyms(Buffer.alloc(32, 7));
    const other = new Pseudonyms(Buffer.alloc(32, 8));
    assert.equal(again.of('user', 'zelda.quinn'), pseudonyms.of('user', 'zelda.quinn'));
    assert.notEqual(other.of('user', 'zelda.quinn'), pseudonyms.of('user', 'zelda.quinn'));
    assert.notEqual(pseudonyms.of('group', 'x'), pseudonyms.of('user', 'x'));
  });

  it('derives canonical views whose diffs apply exactly', () => {
    const views: ViewSpec[] = [
      { level: 'jobs' },
      { level: 'users' },
      { level: 'summary', pseudonyms: true, top: 3 },
      { level: 'summary', pseudonyms: false, top: 0 },
    ];
    let previous = full;
    for (let step = 0; step < 5; step++) {
      const next = nextSnapshot(previous, { finished: 7, arrived: 9 });
      for (const view of views) {
        const before = audienceSnapshot(previous, view, pseudonyms);
        const after = audienceSnapshot(next, view, pseudonyms);
        assert.deepEqual(after, canonicalSnapshot(after), `${view.level} view is canonical`);
        assert.deepEqual(apply(before, diff(before, after)), after);
      }
      previous = next;
    }
  });
});
