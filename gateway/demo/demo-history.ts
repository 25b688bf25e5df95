/**
 * The demo's past: at start, each simulated cluster's history is filled for the last
 * `--history-hours` (default 24), so a newcomer sees a day of per-user lines at once instead of
 * charts that say "History starts now" for hours.
 *
 * How: each agent is started with `--warm-up-steps N --warm-up-frames`; it steps its simulated
 * cluster N times before it listens and prints each state reached (a users-level snapshot frame).
 * The fill records them in the gateway's HistoryStore as the states of the past (`historyTimes`),
 * the last at the demo's start. The live agent then serves the state the
 * frames ended at, so the chart's last filled point and the first live poll agree (no seam), and
 * the pollers continue from the store's sequence. The gateway never imports agent code: the two
 * meet on the wire (the protocol's frames), as everywhere else.
 *
 * Why a state every minute for the last 6 hours and every five minutes before: the store serves the
 * last 48 h as per-poll samples whose reach is the live poll interval (a few seconds), so a chart
 * point without a sample of its own is a gap. The 1 h and 6 h charts draw 1-minute points, the 24 h
 * chart 5-minute points (widgets/data/ranges.ts): with this schedule every point of every range has
 * a sample. A day is 576 states; the largest preset (6,000 jobs) takes about 2 s of CPU in its
 * agent for 288 (measured on this 2-core machine when quiet), so about 4 s for 576, done while the
 * agents start. (Each simulated step changes the same share of jobs, so the last 6 hours move
 * faster than the hours before: it is a fast-forward, not a model of a day.)
 */
import { decodeMessage } from '../../protocol/frame.ts';
import type { Retention } from '../config/config-types.ts';
import { HistoryStore } from '../history/history-store.ts';

/** Seconds between two filled states in the last FINE_HOURS, and before. */
export const FINE_STEP_SECONDS = 60;
export const COARSE_STEP_SECONDS = 300;
export const FINE_HOURS = 6;
export const DEFAULT_HISTORY_HOURS = 24;
/** A week: 2,304 states, about 14 s for the largest preset. */
export const MAX_HISTORY_HOURS = 168;

/** The times of the filled states for `hours` of history, oldest first, the last at `end`. */
export function historyTimes(hours: number, end: number): number[] {
  const fine = Math.min(hours, FINE_HOURS) * 3600;
  const times: number[] = [];
  for (let t = end; t > end - fine; t -= FINE_STEP_SECONDS) times.push(t);
  for (let t = end - fine; t > end - hours * 3600; t -= COARSE_STEP_SECONDS) times.push(t);
  return times.reverse();
}

/** How many warm-up steps `hours` of history take (0 for none). */
export function historySteps(hours: number): number {
  return historyTimes(hours, 0).length;
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
  private times: number[] | null = null;
  /** States expected per cluster. */
  readonly steps: number;

  /**
   * Opens the demo's history database. Each cluster's states are recorded at `historyTimes(hours,
   * end)`. `end` (epoch seconds, before any live poll) defaults to when the first frame arrives:
   * the agents' own start-up is then not counted in the age of the last state, which the gateway
   * judges (stale after 2.5 poll intervals) until its first poll.
   */
  constructor(
    database: string,
    retention: Retention,
    private readonly hours: number,
    end?: number,
  ) {
    this.steps = historySteps(hours);
    if (end !== undefined) this.times = historyTimes(hours, end);
    this.store = HistoryStore.open(database, { retention });
  }

  /**
   * Records a cluster's next state from its agent's warm-up frame, at its place in the past and
   * the store's next sequence.
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
    const times = (this.times ??= historyTimes(this.hours, Math.floor(Date.now() / 1000)));
    const time = times[step - 1]!;
    const status = { ...message.snapshot.status, lastOkAt: time };
    const interval = step > 1 ? time - times[step - 2]! : FINE_STEP_SECONDS;
    this.store.record(cluster, { ...message.snapshot, cluster, seq: this.store.seq(cluster) + 1, time, status }, interval);
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
