/**
 * Rate limit for one connection's incoming frames: `burst` frames at once, refilled at `perSecond`.
 * The state is two whole numbers kept by the owner (a Session), refilled lazily when a frame
 * arrives: idle connections cost no timer, and whole numbers stay small integers inside V8
 * instead of boxed doubles, which matters at 10,000 connections.
 */
export interface RateLimit {
  burst: number;
  perSecond: number;
}

/** Tokens are counted in thousandths, time in whole milliseconds. */
export interface BucketState {
  milliTokens: number;
  updatedAtMs: number;
}

/** Takes one token at `nowMs`; false (and nothing taken) when the bucket is empty. */
export function takeToken(state: BucketState, limit: RateLimit, nowMs: number): boolean {
  const now = Math.floor(nowMs);
  const elapsed = Math.max(0, now - state.updatedAtMs);
  state.milliTokens = Math.min(limit.burst * 1000, state.milliTokens + Math.floor(elapsed * limit.perSecond));
  state.updatedAtMs = now;
  if (state.milliTokens < 1000) return false;
  state.milliTokens -= 1000;
  return true;
}
