/**
 * The seam inside the gateway between the side that reaches agents (tunnels, ZeroMQ polling,
 * history) and the side that serves browsers (WebSocket fan-out, HTTP). The upstream side calls a
 * ClusterFeed; the downstream side implements it. Neither imports the other's internals.
 */
import type { HistoryBlock } from '../protocol/history.ts';
import type { Snapshot, Status } from '../protocol/model.ts';

export interface ClusterFeed {
  /**
   * New data for a cluster: a canonical, full (`jobs` level) snapshot whose `seq` is the
   * gateway's own sequence for that cluster (monotonic across agent and gateway restarts, kept in
   * SQLite), not the agent's.
   */
  snapshot(cluster: string, snapshot: Snapshot): void;
  /** The cluster's status changed without new data (unreachable, stale, scheduler-error). */
  status(cluster: string, status: Status, time: number): void;
}

/** What the downstream side asks of history (implemented by the SQLite store). */
export interface HistorySource {
  /**
   * Samples after `since` (exclusive; null = as far back as kept for browsers), up to now,
   * as blocks: the coarse tiers for old ranges, per-poll samples for the recent ones. Names are
   * real; the caller pseudonymises or drops them for its audience.
   */
  history(cluster: string, since: number | null): HistoryBlock[];
  /** The last snapshot kept for a cluster (so a restart resumes without a hole), or null. */
  lastSnapshot(cluster: string): Snapshot | null;
}
