/**
 * Asks the worker for a row's history (stacked by user or group over the chosen range) and asks
 * again when it is worth it: at once when the range, metric or top changes; when new samples
 * arrive, at most once per refresh interval (a step's mean barely moves within a step, and a
 * grid of rows redrawing every chart at every poll would cost the page for nothing); and on a
 * timer, so that the right edge keeps up with the clock and an outage shows as a growing gap.
 *
 * The first answer for a source goes to the host at once; refreshes go through the page's live
 * batch (live-batch.ts), so that the charts of a grid redraw together.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Dimension } from '../../protocol/history.ts';
import type { SeriesQuery, SeriesResult, WorkerError } from '../../worker/api.ts';
import { applyLive, cancelLive } from './live-batch.ts';
import { RANGE_SPECS, type MetricName, type RangeName } from './ranges.ts';
import { toWidgetError } from './widget-error.ts';
import { workerApi } from './worker-api.ts';

export interface SeriesSource {
  gateway: string;
  cluster: string;
  groupBy: Dimension;
  metric: MetricName;
  range: RangeName;
  top: number;
}

/** Seconds between refreshes of a range's history: its step, at most five minutes. */
export function refreshSeconds(range: RangeName): number {
  return Math.min(RANGE_SPECS[range].step, 300);
}

/** The query for a source at a time: `to` on a step boundary, so buckets do not shift. */
export function seriesQuery(source: SeriesSource, nowSeconds: number): SeriesQuery {
  const { seconds, step } = RANGE_SPECS[source.range];
  const to = Math.ceil(nowSeconds / step) * step;
  return {
    gateway: source.gateway,
    cluster: source.cluster,
    groupBy: source.groupBy,
    metric: source.metric,
    state: 'running',
    from: to - seconds,
    to,
    step,
    top: source.top,
  };
}

/** Seconds between asks for a chart that does not yet reach back to its range's start. */
export const SHORT_REFRESH_SECONDS = 15;

/** The times at which any series has a value. */
function filledTimes(result: SeriesResult): number[] {
  return result.times.filter((_, index) => result.series.some((one) => one.values[index] !== null && one.values[index] !== undefined));
}

function keyOf(source: SeriesSource | null): string {
  return source ? JSON.stringify(source) : '';
}

export class SeriesController implements ReactiveController {
  result: SeriesResult | null = null;
  error: WorkerError | null = null;

  private source: SeriesSource | null = null;
  private key = '';
  private version = -1;
  private lastFetch = 0;
  private generation = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private connected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** Told of every new result (the host copies it into its own property). */
    private readonly onResult: (result: SeriesResult) => void = () => {},
    private readonly now: () => number = () => Date.now() / 1000,
  ) {
    host.addController(this);
  }

  /** Call from the host's willUpdate with what to show and the cluster's history version. */
  follow(source: SeriesSource | null, historyVersion: number): void {
    const key = keyOf(source);
    if (key !== this.key) {
      this.source = source;
      this.key = key;
      this.version = historyVersion;
      this.result = null;
      this.restartTimer();
      this.fetch();
      return;
    }
    if (historyVersion !== this.version) {
      this.version = historyVersion;
      if (this.due() || this.wanting()) this.fetch();
    }
  }

  hostConnected(): void {
    this.connected = true;
    this.restartTimer();
    if (this.source && this.due()) this.fetch();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.generation += 1;
    cancelLive(this);
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * Whether the chart lacks history that may just have come: nothing to draw yet (fewer than two
   * points: a row asked before the gateway's history block arrived), at once; or a chart that does
   * not reach back to its range's start (a young cluster, or history still arriving), again after
   * a short while, not at every poll.
   */
  private wanting(): boolean {
    const result = this.result;
    if (!result) return true;
    const filled = filledTimes(result);
    if (filled.length < 2) return true;
    const step = result.times.length > 1 ? result.times[1]! - result.times[0]! : 0;
    return filled[0]! > result.times[0]! + step && this.now() - this.lastFetch >= SHORT_REFRESH_SECONDS;
  }

  private due(): boolean {
    return this.source !== null && this.now() - this.lastFetch >= refreshSeconds(this.source.range) - 1;
  }

  private restartTimer(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    if (!this.connected || !this.source) return;
    this.timer = setInterval(() => {
      if (this.due()) this.fetch();
    }, refreshSeconds(this.source.range) * 1000);
  }

  private fetch(): void {
    const source = this.source;
    if (!source || !this.connected) return;
    const generation = ++this.generation;
    const refresh = this.result !== null;
    cancelLive(this);
    this.lastFetch = this.now();
    Promise.resolve()
      .then(() => workerApi().series(seriesQuery(source, this.now())))
      .then((result) => {
        if (generation !== this.generation) return;
        const publish = () => {
          if (generation !== this.generation) return;
          this.result = result;
          this.error = null;
          this.onResult(result);
          this.host.requestUpdate();
        };
        if (refresh) applyLive(this, publish);
        else publish();
      })
      .catch((error: unknown) => {
        if (generation !== this.generation) return;
        this.error = toWidgetError(error);
        this.host.requestUpdate();
      });
  }
}
