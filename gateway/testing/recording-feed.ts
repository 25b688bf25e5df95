/** A ClusterFeed that keeps every call, and lets a test wait for the one it expects. */
import type { Snapshot, Status } from '../../protocol/model.ts';
import type { ClusterFeed } from '../cluster-feed.ts';

export type FeedEvent =
  | { kind: 'snapshot'; cluster: string; snapshot: Snapshot }
  | { kind: 'status'; cluster: string; status: Status; time: number };

export class RecordingFeed implements ClusterFeed {
  readonly events: FeedEvent[] = [];
  private readonly waiters = new Set<() => void>();

  snapshot(cluster: string, snapshot: Snapshot): void {
    this.push({ kind: 'snapshot', cluster, snapshot });
  }

  status(cluster: string, status: Status, time: number): void {
    this.push({ kind: 'status', cluster, status, time });
  }

  get snapshots(): Snapshot[] {
    return this.events.flatMap((event) => (event.kind === 'snapshot' ? [event.snapshot] : []));
  }

  /** Resolves with the first event from `fromIndex` on that `accept` takes. */
  waitFor(accept: (event: FeedEvent) => boolean, timeoutMs = 10_000, fromIndex = 0): Promise<FeedEvent> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.events.slice(fromIndex).find(accept);
        if (!found) return false;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`no such feed event within ${timeoutMs} ms; last: ${JSON.stringify(this.events.at(-1)?.kind === 'status' ? this.events.at(-1) : this.events.at(-1)?.kind)}`));
      }, timeoutMs);
      if (!check()) this.waiters.add(check);
    });
  }

  private push(event: FeedEvent): void {
    this.events.push(event);
    for (const waiter of [...this.waiters]) waiter();
  }
}
