/**
 * What the gateway's history must look like around an outage (issue 7, "Faults"): nothing recorded
 * before it is lost, the outage is a gap and not invented data. Samples are per poll, time → cores
 * used, as a client reads them from the gateway's history blocks.
 *
 * - Nothing lost: every sample read before the fault is still there, with the same value.
 * - Nothing invented: every sample is a good collection the agent really made (its time is the
 *   time of a "collection ok" line in the agent's log) and holds the value the scheduler printed;
 *   a zero, a failed collection, or the last value repeated at the gateway's own poll times would
 *   each break this.
 * - A gap: inside the outage there is at most one sample (the collection that was running when the
 *   fault began, or the last one the agent made before the gateway could reach it again), so the
 *   history has a hole at least as long as the outage less one collection interval.
 */

export interface OutageWindow {
  /** Epoch seconds when the fault began. */
  from: number;
  /** Epoch seconds when it was repaired. */
  to: number;
}

export interface OutageHistoryInput {
  before: ReadonlyMap<number, number>;
  after: ReadonlyMap<number, number>;
  outage: OutageWindow;
  /** Epoch seconds of the agent's good collections. */
  collections: readonly number[];
  /** What the scheduler's output says the cluster uses. */
  coresUsed: number;
  /** Seconds between two collections (what a hole is measured against). */
  interval: number;
}

export function outageHistoryProblems(input: OutageHistoryInput): string[] {
  const problems: string[] = [];
  const { before, after, outage } = input;
  for (const [time, value] of before) {
    if (!after.has(time)) problems.push(`the sample at ${time} recorded before the fault is gone`);
    else if (after.get(time) !== value) problems.push(`the sample at ${time} changed from ${value} to ${after.get(time)}`);
  }
  const times = [...after.keys()].sort((a, b) => a - b);
  for (const time of times) {
    // A sample's time is the end of its collection, in whole seconds; the log line follows it.
    if (!input.collections.some((collected) => Math.abs(collected - time) <= 1)) problems.push(`the sample at ${time} is no collection of the agent`);
    if (after.get(time) !== input.coresUsed) problems.push(`the sample at ${time} says ${after.get(time)} cores used, the scheduler said ${input.coresUsed}`);
  }
  const inside = times.filter((time) => time > outage.from && time < outage.to);
  if (inside.length > 1) problems.push(`${inside.length} samples inside the outage (${outage.from}–${outage.to}): ${inside.join(', ')}`);
  if (!times.some((time) => time >= outage.to)) problems.push('no sample after the repair');
  let hole = 0;
  for (let i = 1; i < times.length; i++) {
    if (times[i]! >= outage.from && times[i - 1]! <= outage.to) hole = Math.max(hole, times[i]! - times[i - 1]!);
  }
  const wanted = outage.to - outage.from - input.interval;
  if (hole < wanted) problems.push(`the longest hole around the outage is ${hole} s, the outage lasted ${outage.to - outage.from} s`);
  return problems;
}
