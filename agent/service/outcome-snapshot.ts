/**
 * A collection's outcome as the Snapshot the agent serves. After a failure the last good data
 * keeps being served, with the Status saying what went wrong (`scheduler-error`, its code and
 * message) and when the data was last good (`lastOkAt`); with no good data yet, an empty cluster
 * carries the error.
 */
import { canonicalSnapshot } from '../../protocol/canonical-order.ts';
import type { Snapshot, Status } from '../../protocol/model.ts';
import { deriveSummary } from '../../protocol/summary.ts';
import type { CollectionOutcome } from '../collector/collector.ts';

export function outcomeSnapshot(cluster: string, outcome: CollectionOutcome, time: number, lastGood: Snapshot | null): Snapshot {
  const measured = { durationMs: Math.round(outcome.durationMs), outputBytes: outcome.outputBytes };
  if (outcome.ok) {
    const status: Status = { health: 'ok', code: null, message: null, lastOkAt: time, ...measured };
    const { scheduler, jobs, nodes, queues, summary } = outcome.cluster;
    return canonicalSnapshot({ cluster, seq: 0, time, scheduler, status, summary, jobs, nodes, queues });
  }
  const status: Status = {
    health: 'scheduler-error',
    code: outcome.failure.code,
    message: outcome.failure.message,
    lastOkAt: lastGood?.status.lastOkAt ?? null,
    ...measured,
  };
  if (lastGood) return { ...lastGood, time, status };
  return { cluster, seq: 0, time, scheduler: outcome.scheduler, status, summary: deriveSummary([], []), jobs: [], nodes: [], queues: [] };
}
