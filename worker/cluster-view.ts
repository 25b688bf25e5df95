/**
 * One cluster as the worker holds it: the last snapshot from the gateway (or from IndexedDB), the
 * level it was granted at, and the ClusterView / ClusterChange that subscribers get from it.
 */
import type { ClusterChange, ClusterView } from './api.ts';
import { apply, type Delta, type RecordChanges } from '../protocol/delta.ts';
import { LEVELS, type Level, type Snapshot, type Status } from '../protocol/model.ts';
import { ProtocolError } from '../protocol/protocol-error.ts';

function hasChanges<T>(changes: RecordChanges<T>): boolean {
  return changes.removed.length > 0 || changes.added.length > 0 || changes.changed.length > 0;
}

/** A subscriber below the `jobs` level gets no job list, whatever the worker holds. */
export function projectChange(change: ClusterChange, level: Level): ClusterChange {
  if (LEVELS.indexOf(level) >= LEVELS.indexOf('jobs') || change.jobs === undefined) return change;
  return { ...change, jobs: [] };
}

export class ClusterState {
  snapshot: Snapshot | null = null;
  level: Level = 'summary';
  label: string;
  /** A status that came before any snapshot. */
  pendingStatus: Status | null = null;

  constructor(readonly cluster: string) {
    this.label = cluster;
  }

  view(): ClusterView | null {
    const s = this.snapshot;
    if (!s) return null;
    return {
      cluster: this.cluster,
      label: this.label,
      level: this.level,
      seq: s.seq,
      time: s.time,
      scheduler: s.scheduler,
      status: s.status,
      summary: s.summary,
      nodes: s.nodes,
      queues: s.queues,
      jobs: s.jobs,
    };
  }

  /** The whole view as a change, for a new subscriber or after a full snapshot. */
  fullChange(): ClusterChange | null {
    if (!this.snapshot && this.pendingStatus) return { cluster: this.cluster, seq: 0, time: 0, status: this.pendingStatus };
    return this.view();
  }

  /** `store` runs before the state changes: when it throws, the cluster stays as it was. */
  applySnapshot(level: Level, snapshot: Snapshot, store: (next: Snapshot) => void = () => {}): ClusterChange {
    store(snapshot);
    this.pendingStatus = null;
    this.level = level;
    this.snapshot = snapshot;
    return { ...this.view()!, history: true };
  }

  /** Throws ProtocolError `seq-mismatch` / `delta-mismatch` when the delta does not fit (the
   * caller then resyncs); the held snapshot is left as it was. */
  applyDelta(delta: Delta, store: (next: Snapshot) => void = () => {}): ClusterChange {
    if (!this.snapshot) throw new ProtocolError('seq-mismatch', `delta for ${delta.cluster} before its snapshot`);
    const next = apply(this.snapshot, delta);
    store(next);
    this.snapshot = next;
    const change: ClusterChange = { cluster: this.cluster, seq: next.seq, time: next.time };
    if (delta.scheduler) change.scheduler = next.scheduler;
    if (delta.status) change.status = next.status;
    if (delta.totals || hasChanges(delta.users) || hasChanges(delta.groups) || hasChanges(delta.queueUsage)) change.summary = next.summary;
    if (hasChanges(delta.jobs)) change.jobs = next.jobs;
    if (hasChanges(delta.nodes)) change.nodes = next.nodes;
    if (hasChanges(delta.queues)) change.queues = next.queues;
    return change;
  }

  /** A status without new data: only the status changes (the data's seq and time stay). */
  applyStatus(status: Status, time: number): ClusterChange {
    if (!this.snapshot) {
      // No data yet (a cluster unreachable since the gateway started): the status alone is news.
      this.pendingStatus = status;
      return { cluster: this.cluster, seq: 0, time, status };
    }
    this.snapshot = { ...this.snapshot, status };
    return { cluster: this.cluster, seq: this.snapshot.seq, time: this.snapshot.time, status };
  }
}
