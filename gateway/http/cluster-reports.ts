/**
 * The JSON documents of the HTTP endpoints, as plain functions of the hub's state:
 * `/healthz` (every cluster's status, for load balancers and monitoring) and the scripts' API
 * `/api/v1/clusters` and `/api/v1/clusters/<name>/summary` (what the caller's scope allows,
 * filtered exactly as WebSocket frames are).
 */
import type { AccessGrant } from '../access/access-grant.ts';
import type { ClusterHub, ClusterState } from '../fanout/cluster-hub.ts';
import type { PollFigures } from './gateway-metrics.ts';
import { audienceSnapshot } from '../views/audience-snapshot.ts';
import type { Pseudonyms } from '../views/pseudonyms.ts';

/**
 * A cluster's status as the pollers know it when they run (it is set before the first answer,
 * `not-polled-yet`), else as the last snapshot or status change delivered says.
 */
function statusFields(state: ClusterState, poll?: PollFigures) {
  const status = poll?.status ?? state.status;
  return {
    status: status?.health ?? 'unknown',
    code: status?.code ?? null,
    message: status?.message ?? null,
    lastOkAt: status?.lastOkAt ?? null,
    durationMs: status?.durationMs ?? null,
    seq: state.snapshot?.seq ?? null,
    time: state.statusTime,
    ...(poll ? { lastPollAt: poll.lastPollAt ?? null, lastPollMs: poll.lastPollMs === null ? null : Math.round(poll.lastPollMs) } : {}),
  };
}

/** `/healthz`: answered while the gateway runs, whatever the clusters' state. */
export function healthReport(hub: ClusterHub, polls: readonly PollFigures[], now: number) {
  return {
    status: 'ok',
    time: now,
    clusters: hub.all.map((state) => ({
      name: state.name,
      label: state.label,
      ...statusFields(state, polls.find((poll) => poll.name === state.name)),
    })),
  };
}

export function clusterList(grant: AccessGrant, hub: ClusterHub) {
  return {
    clusters: grant.clusters.flatMap((name) => {
      const state = hub.cluster(name);
      return state ? [{ name, label: state.label, level: grant.granted(name)!.level, ...statusFields(state) }] : [];
    }),
  };
}

/** The cluster's summary as the grant's widest view shows it, or null when it may not be seen. */
export function clusterSummary(grant: AccessGrant, hub: ClusterHub, name: string, pseudonyms: Pseudonyms) {
  const view = grant.granted(name);
  const state = hub.cluster(name);
  if (!view || !state) return null;
  const snapshot = state.snapshot && audienceSnapshot(state.snapshot, view, pseudonyms);
  return {
    name,
    label: state.label,
    level: view.level,
    ...statusFields(state),
    scheduler: snapshot?.scheduler ?? null,
    summary: snapshot?.summary ?? null,
  };
}
