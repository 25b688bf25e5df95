import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Job } from '../../protocol/model.ts';
import { SyntheticCluster } from './synthetic-cluster.ts';

const jobNumber = (job: Job) => Number.parseInt(job.id, 10);

/** What a PBS server shows: ids are handed out at submission, and no job starts before it. */
function assertSubmissionOrder(jobs: readonly Job[]): void {
  const byNumber = [...jobs].sort((a, b) => jobNumber(a) - jobNumber(b));
  for (let i = 1; i < byNumber.length; i++) {
    const [before, after] = [byNumber[i - 1]!, byNumber[i]!];
    assert.ok(after.submittedAt! >= before.submittedAt!, `${after.id} submitted before ${before.id}`);
  }
  for (const job of jobs) {
    if (job.startedAt !== null) assert.ok(job.startedAt >= job.submittedAt!, `${job.id} started before it was submitted`);
  }
}

test('a higher job id was submitted later, and no job started before its submission', () => {
  const cluster = new SyntheticCluster({ jobs: 3000, nodes: 150 });
  const first = cluster.snapshot();
  assert.ok(first.jobs.filter((job) => job.startedAt !== null).length > 300, 'some jobs run from the start');
  assertSubmissionOrder(first.jobs);
  for (let poll = 0; poll < 30; poll++) cluster.step();
  assertSubmissionOrder(cluster.snapshot().jobs);
});

test('array subjobs keep their parent\'s submission time', () => {
  const jobs = new SyntheticCluster({ jobs: 3000, nodes: 150 }).snapshot().jobs;
  const parents = new Map(jobs.filter((job) => job.isArrayParent).map((job) => [job.id, job]));
  const subjobs = jobs.filter((job) => job.arrayParent !== null);
  assert.ok(subjobs.length > 0, 'the cluster has array jobs');
  for (const job of subjobs) assert.equal(job.submittedAt, parents.get(job.arrayParent!)!.submittedAt, job.id);
});

test('the initial jobs wait hours, not seconds: ages spread as before the reordering', () => {
  const snapshot = new SyntheticCluster({ jobs: 3000, nodes: 150 }).snapshot();
  const ages = snapshot.jobs.map((job) => snapshot.time - job.submittedAt!).sort((a, b) => a - b);
  const median = ages[Math.floor(ages.length / 2)]!;
  // Exponential with a 6 h mean: the median is about 4 h.
  assert.ok(median > 2 * 3600 && median < 7 * 3600, `median age ${median} s`);
});
