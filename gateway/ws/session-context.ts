/** What every session shares: one object for the whole gateway, referenced by each connection. */
import type { Logger } from 'pino';
import type { AccessResolver } from '../access/resolve-access.ts';
import type { ClusterHub } from '../fanout/cluster-hub.ts';
import type { HistoryFrames } from './history-frames.ts';
import type { RateLimit } from './token-bucket.ts';
import type { WelcomeFrames } from './welcome-frames.ts';

export interface SessionCounters {
  /** A frame sent to one client directly (not through a topic). */
  sent(bytes: number): void;
  /** A client frame refused, by error code. */
  badFrame(code: string): void;
  /** A client refused access (wrong or missing token). */
  unauthorized(): void;
}

export interface SessionContext {
  hub: ClusterHub;
  access: AccessResolver;
  /** History blocks as frames, shared between clients joining at the same point. */
  historyFrames: HistoryFrames;
  rateLimit: RateLimit;
  /** Largest inflated client frame accepted (a compressed hello may not expand past this). */
  maxInflatedBytes: number;
  /** Most clusters one hello may subscribe to. */
  maxSubscriptions: number;
  /** The welcome frames (server name, clusters and levels), shared between connections. */
  welcomes: WelcomeFrames;
  counters: SessionCounters;
  log: Logger;
  /** Milliseconds, for rate limiting; a clock tests can move. */
  now(): number;
}
