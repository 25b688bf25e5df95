import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Job, Node } from './model.ts';
import { deriveSummary, UNKNOWN_GROUP } from './summary.ts';

function job(id: string, fields: Partial<Job>): Job {
  return {
    id,
    arrayParent: null,
    arrayIndex: null,
    isArrayParent: false,
    name: 'job.sh',
    user: 'alice',
    group: 'chem',
    account: null,
    queue: 'normal',
    state: 'queued',
    rawState: 'Q',
    cores: 1,
    gpus: 0,
    nodeCount: 1,
    memoryBytes: null,
    walltimeLimit: null,
    submittedAt: null,
    startedAt: null,
    comment: null,
    estimatedStart: null,
    ...fields,
  };
}

function node(name: string, states: Node['states'], cores: number, gpus = 0): Node {
  return { name, states, cores, coresUsed: 0, gpus, gpusUsed: 0, memoryBytes: null, properties: [], comment: null };
}

describe('deriveSummary', () => {
  const jobs = [
    job('1.s', { state: 'running', cores: 16, gpus: 2 }),
    job('2.s', { state: 'exiting', cores: 4 }),
    job('3.s', { state: 'queued', cores: 32, submittedAt: 1000 }),
    job('4.s', { state: 'held', cores: 8, submittedAt: 500 }),
    job('5.s', { state: 'completed', cores: 64 }),
    job('6[].s', { state: 'running', rawState: 'B', cores: 2, isArrayParent: true }),
    job('6[1].s', { state: 'running', cores: 2, user: 'bob', group: null, arrayParent: '6[].s', arrayIndex: 1 }),
    job('6[2].s', { state: 'queued', cores: 2, user: 'bob', group: null, arrayParent: '6[].s', arrayIndex: 2, submittedAt: 2000 }),
    job('7.s', { state: 'waiting', cores: 1, user: 'bob', queue: 'short', submittedAt: 900 }),
  ];
  const nodes = [node('n1', ['busy'], 32, 4), node('n2', ['free'], 32), node('n3', ['down', 'offline'], 16), node('n4', ['offline'], 16)];
  const summary = deriveSummary(jobs, nodes);

  it('counts running and exiting jobs as holding cores, never array parents or completed jobs', () => {
    assert.equal(summary.coresUsed, 16 + 4 + 2);
    assert.equal(summary.gpusUsed, 2);
    assert.deepEqual(summary.jobs, { queued: 2, held: 1, waiting: 1, running: 2, exiting: 1, suspended: 0, transit: 0, completed: 1 });
  });

  it('sums per user, per group and per queue', () => {
    assert.deepEqual(summary.users, [
      { name: 'alice', coresRunning: 20, coresQueued: 32, gpusRunning: 2, gpusQueued: 0, jobsRunning: 2, jobsQueued: 1, jobsHeld: 1 },
      { name: 'bob', coresRunning: 2, coresQueued: 3, gpusRunning: 0, gpusQueued: 0, jobsRunning: 1, jobsQueued: 2, jobsHeld: 0 },
    ]);
    assert.deepEqual(summary.groups.map((g) => [g.name, g.coresRunning, g.coresQueued]), [
      [UNKNOWN_GROUP, 2, 2],
      ['chem', 20, 33],
    ]);
    assert.deepEqual(summary.queues.map((q) => [q.name, q.jobsQueued]), [
      ['normal', 2],
      ['short', 1],
    ]);
  });

  it('takes totals from the nodes, the most severe state deciding where a node counts', () => {
    assert.equal(summary.coresTotal, 96);
    assert.equal(summary.coresUnavailable, 32);
    assert.equal(summary.gpusTotal, 4);
    assert.equal(summary.nodes.down, 1);
    assert.equal(summary.nodes.offline, 1);
    assert.equal(summary.nodes.busy, 1);
    assert.equal(summary.nodes.free, 1);
  });

  it('dates the oldest wait from queued jobs only, not held ones', () => {
    assert.equal(summary.oldestQueuedSince, 900);
  });
});
