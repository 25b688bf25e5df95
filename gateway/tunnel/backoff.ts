/**
 * Reconnect delays: exponential backoff with "full jitter" (a uniformly random delay between 0 and
 * the exponential ceiling), so that a gateway that lost every cluster at once (its own network
 * blinked) does not reconnect to all login nodes in lock-step. The ceiling is capped: an admin who
 * fixes a login node sees the gateway back within the cap (default 5 minutes).
 */
export interface BackoffOptions {
  /** Ceiling of the first delay, milliseconds. */
  initialMs: number;
  /** The ceiling never grows beyond this, milliseconds. */
  maxMs: number;
  /** A source of uniform numbers in [0, 1); tests pass a fixed one. */
  random?: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 1000, maxMs: 5 * 60_000 };

export class Backoff {
  private attempt = 0;

  constructor(private readonly options: BackoffOptions = DEFAULT_BACKOFF) {}

  /** The ceiling of the next delay: initial × 2^attempt, capped. */
  get ceilingMs(): number {
    // 2^attempt overflows to Infinity long after it passed any cap, which Math.min absorbs.
    return Math.min(this.options.maxMs, this.options.initialMs * 2 ** this.attempt);
  }

  /** The delay before the next attempt; each call counts one more failure. */
  next(): number {
    const delay = Math.floor((this.options.random ?? Math.random)() * this.ceilingMs);
    this.attempt++;
    return delay;
  }

  /** After a connection that held: the next failure starts from the initial delay again. */
  reset(): void {
    this.attempt = 0;
  }
}
