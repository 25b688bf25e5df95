/** What an array parent prints about its subjobs (`array_state_count`, remaining indices). */
import type { Job } from '../../protocol/model.ts';

export interface ArraySummary {
  submitted: number;
  queued: number[];
  running: number;
  exiting: number;
}

/** Parent id → summary of the subjobs still listed. */
export function summariseArrays(jobs: readonly Job[]): Map<string, ArraySummary> {
  const byParent = new Map<string, ArraySummary>();
  for (const job of jobs) {
    if (!job.arrayParent || job.arrayIndex === null) continue;
    let summary = byParent.get(job.arrayParent);
    if (!summary) {
      summary = { submitted: 0, queued: [], running: 0, exiting: 0 };
      byParent.set(job.arrayParent, summary);
    }
    summary.submitted = Math.max(summary.submitted, job.arrayIndex);
    if (job.state === 'running' || job.state === 'suspended') summary.running += 1;
    else if (job.state === 'exiting') summary.exiting += 1;
    else summary.queued.push(job.arrayIndex);
  }
  return byParent;
}

/** `1-3,7,9-12` of sorted indices, as PBS prints index ranges. */
export function indexRanges(indices: readonly number[]): string {
  const sorted = [...indices].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}
