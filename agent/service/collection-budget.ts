/**
 * The scheduler budget (DESIGN.md): when the next collection may start.
 *
 * - at most one collection per interval (default 60 s; never below 15 s against a real scheduler,
 *   which the configuration enforces; the simulator may go faster);
 * - never two at once (the loop starts the next only after the last has ended);
 * - the next no sooner than 10× the last one's duration after the last one's start, so the server
 *   spends at most a tenth of its time answering the agent however slow it gets: a `qstat` that
 *   takes 20 s stretches a 60 s interval to 200 s.
 */
export const DEFAULT_INTERVAL_SECONDS = 60;
export const MINIMUM_INTERVAL_SECONDS = 15;
export const DURATION_FACTOR = 10;

/** Milliseconds from the end of a collection that took `durationMs` to the start of the next. */
export function delayAfterCollection(intervalMs: number, durationMs: number): number {
  const period = Math.max(intervalMs, DURATION_FACTOR * durationMs);
  return Math.max(0, Math.ceil(period - durationMs));
}
