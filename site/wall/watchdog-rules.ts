/**
 * When a wall display reloads itself, as a last resort: the worker and its socket recover from
 * gateway restarts and network loss on their own, so a reload is only for what they cannot mend.
 *
 * - The worker has stopped answering (crashed, or the browser killed it): reload after three
 *   missed checks in a row.
 * - The page has used far more memory than a wall needs (a leak somewhere): reload.
 * - Once a day, at a quiet hour, after the page has run for a day: picks up a new release of the
 *   site and starts memory afresh.
 *
 * Never while the site itself cannot be fetched: a reload then would leave an error page on the
 * wall for good, where the page kept would have shown its last data and recovered by itself.
 */

export const MISSED_CHECKS_BEFORE_RELOAD = 3;
export const HEAP_LIMIT_BYTES = 768 * 2 ** 20;
export const DAILY_RELOAD_HOUR = 4;
export const MIN_AGE_FOR_DAILY_RELOAD_MS = 20 * 3600 * 1000;

export interface WatchdogFacts {
  /** Checks in a row in which the worker did not answer. */
  missedChecks: number;
  /** JS heap in use, where the browser tells (Chromium); else null. */
  heapBytes: number | null;
  /** How long the page has run, ms. */
  ageMs: number;
  /** The local hour now, 0–23. */
  hour: number;
  /** Whether the page's own address answered just now. */
  siteReachable: boolean;
}

export type WatchdogVerdict = { reload: false } | { reload: true; reason: 'worker-gone' | 'memory' | 'daily' };

export function watchdogVerdict(facts: WatchdogFacts): WatchdogVerdict {
  if (!facts.siteReachable) return { reload: false };
  if (facts.missedChecks >= MISSED_CHECKS_BEFORE_RELOAD) return { reload: true, reason: 'worker-gone' };
  if (facts.heapBytes !== null && facts.heapBytes > HEAP_LIMIT_BYTES) return { reload: true, reason: 'memory' };
  if (facts.ageMs >= MIN_AGE_FOR_DAILY_RELOAD_MS && facts.hour === DAILY_RELOAD_HOUR) return { reload: true, reason: 'daily' };
  return { reload: false };
}
