/**
 * The demo's past: at start, each simulated cluster's history is filled for the last
 * `--history-hours` (default 24), so a newcomer sees a day of per-user lines at once instead of
 * charts that say "History starts now" for hours.
 *
 * How: each agent is started with `--warm-up-steps N --warm-up-frames`; it steps its simulated
 * cluster N times before it listens and prints each state reached (a users-level snapshot frame).
 * The fill records them in the gateway's HistoryStore as the states of the past, one every
 * HISTORY_STEP_SECONDS, the last at the demo's start. The live agent then serves the state the
 * frames ended at, so the chart's last filled point and the first live poll agree (no seam), and
 * the pollers continue from the store's sequence. The gateway never imports agent code: the two
 * meet on the wire (the protocol's frames), as everywhere else.
 *
 * Why five minutes: the dashboard's default range is 24 h drawn at 5-minute points, and the store
 * serves the last 48 h as per-poll samples whose reach is the live poll interval, so a state every
 * five minutes gives every point of the 24 h chart (and of 7 d, 30 d) its own sample. 288 steps for
 * a day take the largest preset (6,000 jobs) about 2.5 s of CPU in its agent (measured on the
 * 2-core machine), done while the agents start; the 1 h and 6 h charts (1-minute points) show
 * these five-minute states as dots until live polls fill them.
 */
import { decodeMessage } from '../../protocol/frame.ts';
import type { Retention } from '../config/config-types.ts';
import { HistoryStore } from '../history/history-store.ts';

/** Seconds of the past between two filled states. */
export const HISTORY_STEP_SECONDS = 300;
export const DEFAULT_HISTORY_HOURS = 24;
/** A week: 2,016 steps, about 20 s for the largest preset. */
export const MAX_HISTORY_HOURS = 168;

/** Warm-up steps for `hours` of history (0 for none). */
export function historySteps(hours: number): number {
  return Math.round((hours * 3600) / HISTORY_STEP_SECONDS);
}

export class DemoHistoryError extends Error {
  override name = 'DemoHistoryError';
  constructor(
    readonly code: 'demo-history-bad-frame' | 'demo-history-incomplete',
    message: string,
  ) {
    super(message);
  }
}

export class DemoHistoryFill {
  private readonly store: HistoryStore;
  private readonly counts = new Map<string, number>();

  /**
   * Opens the demo's history database. `steps` states per cluster are expected, the last one at
   * `end` (epoch seconds: the demo's start, before any live poll).
   */
  constructor(
    database: string,
    retention: Retention,
    readonly steps: number,
    readonly end: number,
  ) {
    this.store = HistoryStore.open(database, { retention });
  }

  /**
   * Records a cluster's next state from its agent's warm-up frame, at its place in the past
   * (`end` minus the steps still to come) and the store's next sequence.
   */
  add(cluster: string, frame: Uint8Array): void {
    let message;
    try {
      message = decodeMessage(frame);
    } catch (error) {
      throw new DemoHistoryError('demo-history-bad-frame', `a warm-up frame of ${cluster} cannot be decoded: ${(error as Error).message}`);
    }
    if (message.type !== 'snapshot') throw new DemoHistoryError('demo-history-bad-frame', `a warm-up frame of ${cluster} is a ${message.type} message, not a snapshot`);
    const step = (this.counts.get(cluster) ?? 0) + 1;
    if (step > this.steps) throw new DemoHistoryError('demo-history-bad-frame', `${cluster} sent more than the ${this.steps} warm-up states asked for`);
    this.counts.set(cluster, step);
    const time = this.end - (this.steps - step) * HISTORY_STEP_SECONDS;
    const status = { ...message.snapshot.status, lastOkAt: time };
    this.store.record(cluster, { ...message.snapshot, cluster, seq: this.store.seq(cluster) + 1, time, status }, HISTORY_STEP_SECONDS);
  }

  /** States recorded so far for `cluster`. */
  recorded(cluster: string): number {
    return this.counts.get(cluster) ?? 0;
  }

  /** Checks that every cluster sent all its states (an agent that listens sent them all first),
   * and closes the database for the gateway to open. */
  finish(clusters: readonly string[]): void {
    this.close();
    const short = clusters.filter((cluster) => this.recorded(cluster) !== this.steps);
    if (short.length > 0) {
      throw new DemoHistoryError(
        'demo-history-incomplete',
        `the history of ${short.map((cluster) => `${cluster} (${this.recorded(cluster)} of ${this.steps} states)`).join(', ')} was not filled`,
      );
    }
  }

  close(): void {
    this.store.close();
  }
}
