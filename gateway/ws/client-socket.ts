/**
 * The part of a uWebSockets.js WebSocket the session logic uses. The real socket satisfies it as
 * it is (no wrapper object per connection, which would cost memory at 10,000 clients); unit tests
 * pass a plain object that records what was sent.
 */
export interface ClientSocket {
  /** Returns 1 sent, 0 buffered (backpressure), 2 dropped at the backpressure limit. */
  send(message: Uint8Array, isBinary: boolean): number;
  /** One message in pieces; nothing else may be sent between the first and the last. */
  sendFirstFragment(message: Uint8Array, isBinary: boolean): unknown;
  sendFragment(message: Uint8Array): unknown;
  sendLastFragment(message: Uint8Array): unknown;
  /** Bytes waiting in the socket's own buffer (the kernel took no more yet). */
  getBufferedAmount(): number;
  subscribe(topic: string): boolean;
  unsubscribe(topic: string): boolean;
  /** Sends a close frame and closes; the close handler runs before this returns. */
  end(code: number, reason: string): void;
  /** Runs `write` with the socket corked: many frames, one system call. */
  cork(write: () => void): unknown;
}
