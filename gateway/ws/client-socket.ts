/**
 * The part of a uWebSockets.js WebSocket the session logic uses. The real socket satisfies it as
 * it is (no wrapper object per connection, which would cost memory at 10,000 clients); unit tests
 * pass a plain object that records what was sent.
 */
export interface ClientSocket {
  /** Returns 1 sent, 0 buffered (backpressure), 2 dropped at the backpressure limit. */
  send(message: Uint8Array, isBinary: boolean): number;
  subscribe(topic: string): boolean;
  unsubscribe(topic: string): boolean;
  /** Sends a close frame and closes; the close handler runs before this returns. */
  end(code: number, reason: string): void;
  /** Runs `write` with the socket corked: many frames, one system call. */
  cork(write: () => void): unknown;
}
