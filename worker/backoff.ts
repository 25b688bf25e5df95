/**
 * Reconnection delays: exponential backoff with full jitter (a uniform draw between 0 and the
 * capped exponential), so a gateway restart does not see every browser come back in the same
 * instant.
 */
export interface BackoffOptions {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, capMs: 30_000 };

/** Delay before attempt number `attempt` (1 for the first retry). `random` returns [0, 1). */
export function backoffDelay(attempt: number, random: () => number = Math.random, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  return Math.floor(random() * ceiling);
}
