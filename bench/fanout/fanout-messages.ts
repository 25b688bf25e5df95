/** Messages between the fan-out benchmark and its two child processes (over the IPC channel). */

/** The servers measured: the gateway's own fan-out, and a minimal broadcaster on `ws`. */
export type ServerKind = 'webstat' | 'ws';

export type ToServer = { op: 'rss' } | { op: 'publish' } | { op: 'cpu' } | { op: 'stop' };

export type FromServer =
  | { op: 'listening'; port: number }
  | { op: 'rss'; bytes: number }
  /** `at`: process.hrtime.bigint() just before publishing (CLOCK_MONOTONIC, the same clock in
   * every process of the machine), as a string. */
  | { op: 'published'; at: string }
  /** Server CPU (user + system) since the last publish began, microseconds, and the size of the
   * frame each client got. */
  | { op: 'cpu'; micros: number; frameBytes: number };

export type ToClients = { op: 'expect'; frames: number } | { op: 'stop' };

export type FromClients =
  /** Every connection is open (and, for webstat, has its welcome and snapshot). */
  | { op: 'ready'; held: number; failed: number }
  /** Every held connection has `frames` frames; `at` as in `published`. */
  | { op: 'received'; at: string; held: number };
