/**
 * Frames for one client written a turn of the event loop at a time, big ones as fragments.
 *
 * Why: uWebSockets.js assembles a send in its 16 KB per-loop cork buffer when it fits; a larger
 * frame is assembled in the socket's own buffer instead, and that buffer keeps its capacity for as
 * long as the connection lives. A 500 KB history block sent whole would pin 500 KB per browser for
 * hours. Written at most TURN_BUDGET bytes per turn, in fragments that fit the cork buffer, and only
 * when the socket has no backlog (the caller waits for `drain` otherwise), no frame of the answer
 * ever lands in that buffer whole; at most the tail of one turn does, when the kernel's buffer is
 * full.
 *
 * The frames come from an iterable pulled one at a time, so a caller can put cheap, urgent frames
 * first and make the costly ones (history read from SQLite and encoded) only when the pacing gets
 * to them.
 */
import type { ClientSocket } from './client-socket.ts';

/** Bytes written per turn: under uWS's 16 KB cork buffer, with room for frame headers. */
export const TURN_BUDGET = 12 * 1024;

export class PacedAnswer {
  private readonly frames: Iterator<Uint8Array>;
  /** The frame being sent, or null once every frame is out. */
  private current: Uint8Array | null;
  /** Bytes of the current frame already sent as fragments (0: not started). */
  private offset = 0;

  constructor(frames: Iterable<Uint8Array>) {
    this.frames = frames[Symbol.iterator]();
    this.current = this.pull();
  }

  private pull(): Uint8Array | null {
    const next = this.frames.next();
    return next.done ? null : next.value;
  }

  get done(): boolean {
    return this.current === null;
  }

  /** True between the first and the last fragment of a frame: nothing else may be sent then. */
  get midFrame(): boolean {
    return this.offset > 0;
  }

  /** Writes up to TURN_BUDGET bytes; call inside `cork`. `sent` counts each frame once. */
  writeTurn(socket: ClientSocket, sent: (bytes: number) => void): void {
    let budget = TURN_BUDGET;
    while (budget > 0 && this.current !== null) {
      const frame = this.current;
      if (this.offset === 0 && frame.length <= budget) {
        socket.send(frame, true);
        sent(frame.length);
        budget -= frame.length;
        this.current = this.pull();
        continue;
      }
      // A big frame starts on a turn of its own, so its first fragment is a full one.
      if (this.offset === 0 && budget < TURN_BUDGET) break;
      const size = Math.min(budget, frame.length - this.offset);
      const piece = frame.subarray(this.offset, this.offset + size);
      const last = this.offset + size === frame.length;
      if (this.offset === 0) {
        socket.sendFirstFragment(piece, true);
        sent(frame.length);
      } else if (last) {
        socket.sendLastFragment(piece);
      } else {
        socket.sendFragment(piece);
      }
      budget -= size;
      if (last) {
        this.offset = 0;
        this.current = this.pull();
      } else {
        this.offset += size;
      }
    }
  }
}
