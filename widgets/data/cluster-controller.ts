/**
 * Follows one cluster through the worker: the first change is the whole view, later ones carry
 * only what changed, and are merged into a new view object (replaced, never mutated, so Lit sees
 * the change and old views are garbage at once: a wall display runs for weeks).
 *
 * The first whole view goes to the host with the other rows' first views (a 50 ms gathering, so a
 * grid is laid out once for its first paint); later ones go through the page's live batch
 * (live-batch.ts), so that every row of a grid draws a round of polls in one frame.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Level } from '../../protocol/model.ts';
import type { ClusterChange, ClusterView, WorkerError } from '../../worker/api.ts';
import { applyFirst, applyLive, cancelLive, firstWaiting } from './live-batch.ts';
import { toWidgetError } from './widget-error.ts';
import { workerApi, workerCallback } from './worker-api.ts';

export interface ClusterSource {
  gateway: string;
  cluster: string;
  token: string | null;
  level: Level;
}

export class ClusterController implements ReactiveController {
  view: ClusterView | null = null;
  error: WorkerError | null = null;
  /** Goes up by one whenever new history samples arrive (series queries may return more). */
  historyVersion = 0;

  private source: ClusterSource | null = null;
  private connected = false;
  private generation = 0;
  private subscription: Promise<string | null> | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** Told of every new view (the host copies it into its own property). */
    private readonly onView: (view: ClusterView) => void = () => {},
  ) {
    host.addController(this);
  }

  /** What to follow; the same source again changes nothing. Call from the host's willUpdate. */
  follow(source: ClusterSource | null): void {
    const same =
      source?.gateway === this.source?.gateway &&
      source?.cluster === this.source?.cluster &&
      source?.token === this.source?.token &&
      source?.level === this.source?.level;
    if (same) return;
    this.source = source;
    this.view = null;
    this.restart();
  }

  hostConnected(): void {
    this.connected = true;
    this.restart();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.stop();
  }

  private restart(): void {
    this.stop();
    if (this.connected && this.source) void this.start(this.source, this.generation);
  }

  private stop(): void {
    this.generation += 1;
    cancelLive(this);
    const subscription = this.subscription;
    this.subscription = null;
    if (subscription) void subscription.then((id) => (id ? workerApi().unsubscribe(id) : undefined)).catch(() => {});
  }

  private async start(source: ClusterSource, generation: number): Promise<void> {
    const current = () => generation === this.generation;
    try {
      // Inside the try: starting the worker can fail too (a page that may not start it).
      const api = workerApi();
      // Both asked at once: the worker takes them in order (the connection starts with the token,
      // then the cluster is followed), and the first view comes one round trip sooner.
      const connected = api.connect(source.gateway, source.token);
      this.subscription = api.subscribe(
        source.gateway,
        source.cluster,
        source.level,
        workerCallback((change: ClusterChange) => {
          if (current()) this.apply(change);
        }),
      );
      await Promise.all([connected, this.subscription]);
    } catch (error) {
      if (!current()) return;
      this.error = toWidgetError(error);
      this.host.requestUpdate();
    }
  }

  private apply(change: ClusterChange): void {
    const { history, ...parts } = change;
    const first = this.view === null;
    if (history) this.historyVersion += 1;
    const merged = this.view && this.view.cluster === change.cluster ? { ...this.view, ...parts } : parts;
    if (isWhole(merged)) {
      this.view = merged;
      this.error = null;
    }
    if (first || firstWaiting(this)) applyFirst(this, this.publish);
    else applyLive(this, this.publish);
  }

  /** Hands the latest view to the host. */
  private readonly publish = (): void => {
    if (this.view) this.onView(this.view);
    this.host.requestUpdate();
  };
}

function isWhole(view: Partial<ClusterView>): view is ClusterView {
  return view.summary !== undefined && view.status !== undefined && view.scheduler !== undefined && view.label !== undefined;
}
