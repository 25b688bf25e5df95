/**
 * The last few snapshots of one cluster, by sequence number, so a gateway that holds snapshot N
 * gets `diff(N, current)` instead of everything again.
 *
 * - A sequence number is handed out only when something changed (`diff` not empty): a collection
 *   that read exactly the same cluster keeps the current snapshot and its number.
 * - Numbers start at the agent's start time in milliseconds, not at 1, so a restarted agent never
 *   reuses a number an earlier run gave to different data (a gateway asking "since N" after the
 *   restart gets a full snapshot, never a wrong delta).
 */
import { diff, isEmptyDelta, type Delta } from '../../protocol/delta.ts';
import type { Snapshot } from '../../protocol/model.ts';
import { shareUnchanged } from './share-unchanged.ts';

export const DEFAULT_HISTORY = 10;

export type SinceAnswer =
  | { kind: 'current'; snapshot: Snapshot }
  | { kind: 'delta'; delta: Delta; snapshot: Snapshot }
  | { kind: 'snapshot'; snapshot: Snapshot };

export class SnapshotStore {
  private readonly held: Snapshot[] = [];
  private nextSeq: number;

  constructor(
    firstSeq: number = Date.now(),
    private readonly capacity = DEFAULT_HISTORY,
  ) {
    this.nextSeq = firstSeq;
  }

  get current(): Snapshot | null {
    return this.held[this.held.length - 1] ?? null;
  }

  /** Sequence numbers held, oldest first. */
  get sequences(): number[] {
    return this.held.map((snapshot) => snapshot.seq);
  }

  /**
   * Stores a new collection's snapshot (its `seq` is ignored); returns what is now current. Records
   * that did not change are shared with the previous snapshot (share-unchanged.ts).
   */
  put(candidate: Snapshot): Snapshot {
    const current = this.current;
    const shared = current ? shareUnchanged(current, candidate) : candidate;
    if (current && isEmptyDelta(diff(current, { ...shared, seq: current.seq }))) return current;
    const snapshot = { ...shared, seq: this.nextSeq++ };
    this.held.push(snapshot);
    if (this.held.length > this.capacity) this.held.shift();
    return snapshot;
  }

  /** What a client holding `seq` (null: nothing) needs to be current. */
  since(seq: number | null): SinceAnswer | null {
    const current = this.current;
    if (!current) return null;
    if (seq === current.seq) return { kind: 'current', snapshot: current };
    const held = seq === null ? undefined : this.held.find((snapshot) => snapshot.seq === seq);
    if (!held) return { kind: 'snapshot', snapshot: current };
    return { kind: 'delta', delta: diff(held, current), snapshot: current };
  }
}
