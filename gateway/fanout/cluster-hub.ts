/**
 * The downstream side of the gateway's seam (cluster-feed.ts): the pollers hand each cluster's
 * full snapshot and status changes to the hub, which keeps the latest of each and passes them to
 * every topic (view) of that cluster. Topics are made when the first client asks for their view,
 * and then kept: the set of views is bounded by the configuration's scopes, and keeping them spares
 * a late joiner the cost of a fresh table.
 */
import type { Deflate } from '../../protocol/compression.ts';
import type { Snapshot, Status } from '../../protocol/model.ts';
import type { ClusterFeed } from '../cluster-feed.ts';
import { audienceSnapshot } from '../views/audience-snapshot.ts';
import type { Pseudonyms } from '../views/pseudonyms.ts';
import { viewKey, type ViewSpec } from '../views/view-spec.ts';
import type { Publisher } from './publisher.ts';
import { Topic } from './topic.ts';

export interface ClusterState {
  name: string;
  label: string;
  /** The latest full snapshot, or null before the first one. */
  snapshot: Snapshot | null;
  /** The latest status (from a snapshot or a status change), or null before either. */
  status: Status | null;
  /** Epoch seconds of the latest status. */
  statusTime: number | null;
  topics: Map<string, Topic>;
}

export interface ClusterHubOptions {
  clusters: ReadonlyArray<{ name: string; label: string }>;
  publisher: Publisher;
  pseudonyms: Pseudonyms;
  /** Frame compression for stream frames; false in tests that read raw frames. */
  deflate: Deflate | false;
}

export class ClusterHub implements ClusterFeed {
  private readonly clusters = new Map<string, ClusterState>();

  constructor(private readonly options: ClusterHubOptions) {
    for (const { name, label } of options.clusters) {
      this.clusters.set(name, { name, label, snapshot: null, status: null, statusTime: null, topics: new Map() });
    }
  }

  snapshot(cluster: string, snapshot: Snapshot): void {
    const state = this.clusters.get(cluster);
    if (!state) return; // a cluster removed from the configuration; its poller is on its way out
    state.snapshot = snapshot;
    state.status = snapshot.status;
    state.statusTime = snapshot.time;
    for (const topic of state.topics.values()) topic.show(audienceSnapshot(snapshot, topic.view, this.options.pseudonyms));
  }

  status(cluster: string, status: Status, time: number): void {
    const state = this.clusters.get(cluster);
    if (!state) return;
    state.status = status;
    state.statusTime = time;
    if (state.snapshot) state.snapshot = { ...state.snapshot, status };
    for (const topic of state.topics.values()) topic.showStatus(status, time);
  }

  /** The topic of one view of a cluster, made (and brought to the current state) on first use. */
  topic(cluster: string, view: ViewSpec): Topic | null {
    const state = this.clusters.get(cluster);
    if (!state) return null;
    const key = viewKey(view);
    let topic = state.topics.get(key);
    if (!topic) {
      topic = new Topic(`${cluster}:${key}`, cluster, view, this.options.publisher, this.options.deflate);
      if (state.snapshot) topic.show(audienceSnapshot(state.snapshot, view, this.options.pseudonyms));
      else if (state.status) topic.showStatus(state.status, state.statusTime ?? 0);
      state.topics.set(key, topic);
    }
    return topic;
  }

  cluster(name: string): ClusterState | undefined {
    return this.clusters.get(name);
  }

  get all(): ClusterState[] {
    return [...this.clusters.values()];
  }
}
