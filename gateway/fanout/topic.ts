/**
 * One gateway topic: one view of one cluster, with one StreamEncoder whose frames are the same
 * bytes for every subscriber, so uWebSockets.js sends one buffer to thousands of sockets.
 *
 * Musts:
 * - every state goes through `encoder.encode`, subscribers or not, so the encoder's string table
 *   always covers the current state and a joiner's frame (`encodeForJoin`) needs no new string;
 * - a subscriber first gets `joinFrames` and is then subscribed, in the same tick, so it neither
 *   misses nor doubles a frame;
 * - when the table has outgrown the state (`needsReset`), the next state goes out as a snapshot
 *   with RESET, and so does a state whose seq does not follow the last one.
 */
import { diff, isEmptyDelta } from '../../protocol/delta.ts';
import type { Deflate } from '../../protocol/compression.ts';
import { encodeMessage, StreamEncoder } from '../../protocol/frame.ts';
import type { Message, StatusMessage } from '../../protocol/messages.ts';
import type { Snapshot, Status } from '../../protocol/model.ts';
import type { ViewSpec } from '../views/view-spec.ts';
import type { Publisher } from './publisher.ts';

export class Topic {
  private readonly encoder: StreamEncoder;
  private current: Snapshot | null = null;
  /** Status and its time when no snapshot exists yet (a cluster unreachable since start). */
  private lonelyStatus: StatusMessage | null = null;
  private joinFrame: Uint8Array | null = null;
  private published = 0;
  /** When the current status was last set (the snapshot's time, or a later status change). */
  private statusTime = 0;

  constructor(
    /** The topic's name, also the stream key of its frames: `<cluster>:<view key>`. */
    readonly name: string,
    readonly cluster: string,
    readonly view: ViewSpec,
    private readonly publisher: Publisher,
    deflate: Deflate | false,
  ) {
    this.encoder = new StreamEncoder(name, { deflate });
  }

  /** Frames published so far: a joiner whose join frames were made at another version missed one. */
  get version(): number {
    return this.published;
  }

  /** Sequence of the state subscribers hold, or null before the first snapshot. */
  get seq(): number | null {
    return this.current?.seq ?? null;
  }

  get snapshot(): Snapshot | null {
    return this.current;
  }

  /** A new state of the cluster in this view (already filtered for the view). */
  show(next: Snapshot): void {
    const previous = this.current;
    if (previous && next.seq === previous.seq + 1 && !this.encoder.needsReset) {
      this.publish({ type: 'delta', delta: diff(previous, next) });
    } else if (previous && next.seq === previous.seq && isEmptyDelta(diff(previous, next))) {
      return; // the same state again (a poller re-delivering after a restart): nothing to send
    } else {
      this.publish({ type: 'snapshot', level: this.view.level, snapshot: next }, true);
    }
    this.current = next;
    this.statusTime = next.time;
    this.lonelyStatus = null;
  }

  /** The cluster's status changed without new data; seq stays. */
  showStatus(status: Status, time: number): void {
    const seq = this.current?.seq ?? 0;
    const message: StatusMessage = { type: 'status', cluster: this.cluster, seq, time, status };
    this.statusTime = time;
    if (this.current) {
      this.publish(message);
      // Subscribers apply the status to the snapshot they hold; the next delta is diffed from there.
      this.current = { ...this.current, status };
    } else {
      // Nobody holds a table of this stream yet: a RESET frame starts one.
      this.publish(message, true);
      this.lonelyStatus = message;
    }
  }

  /**
   * What a new subscriber gets before it is subscribed: a snapshot (table dump included), or
   * `resume` when it already holds the current seq, followed by the current status in a
   * self-contained frame (a status may have changed since it got that seq).
   */
  joinFrames(sinceSeq: number | null): Uint8Array[] {
    if (!this.current) return this.lonelyStatus ? [encodeMessage(this.lonelyStatus)] : [];
    if (sinceSeq !== null && sinceSeq === this.current.seq) {
      const status: StatusMessage = { type: 'status', cluster: this.cluster, seq: this.current.seq, time: this.statusTime, status: this.current.status };
      return [this.encoder.encodeForJoin({ type: 'resume', cluster: this.cluster, seq: this.current.seq, level: this.view.level }), encodeMessage(status)];
    }
    this.joinFrame ??= this.encoder.encodeForJoin({ type: 'snapshot', level: this.view.level, snapshot: this.current });
    return [this.joinFrame];
  }

  private publish(message: Message, reset = false): void {
    this.joinFrame = null;
    this.published++;
    this.publisher.publish(this.name, this.encoder.encode(message, { reset }));
  }
}
