/**
 * The agent's heartbeat: collect, store, wait as the budget says, collect again. This is the only
 * place collections start, and requests never start one: every request is answered from the
 * store, so the number of scheduler runs does not depend on how many people watch.
 */
import type { Snapshot } from '../../protocol/model.ts';
import type { CollectionOutcome } from '../collector/collector.ts';
import { errorData } from '../agent-error.ts';
import type { SchedulerInfo } from '../../protocol/model.ts';
import { delayAfterCollection } from './collection-budget.ts';
import { outcomeSnapshot } from './outcome-snapshot.ts';
import type { SnapshotStore } from './snapshot-store.ts';
import { realTimer, type Timer } from './timer.ts';

export interface CollectionSource {
  collect(signal?: AbortSignal): Promise<CollectionOutcome>;
  /** What is known of the scheduler (for a failure no outcome could describe). */
  readonly scheduler: SchedulerInfo;
}

export interface CollectionLoopOptions {
  cluster: string;
  intervalMs: number;
  source: CollectionSource;
  store: SnapshotStore;
  timer?: Timer;
  /** Epoch milliseconds. */
  clock?: () => number;
  /** Told of every collection, for logs. */
  onCollection?: (snapshot: Snapshot, outcome: CollectionOutcome) => void;
}

export class CollectionLoop {
  /** Collections started so far. */
  collections = 0;
  /** The delay the loop last asked its timer for, in milliseconds (null before the first end). */
  lastDelayMs: number | null = null;
  private running: Promise<void> | null = null;
  private wake: { cancel(): void } | null = null;
  private stopped = false;
  private lastGood: Snapshot | null = null;
  private readonly abort = new AbortController();
  private readonly timer: Timer;
  private readonly clock: () => number;
  private readonly ready: Promise<Snapshot>;
  private markReady!: (snapshot: Snapshot) => void;

  constructor(private readonly options: CollectionLoopOptions) {
    this.timer = options.timer ?? realTimer;
    this.clock = options.clock ?? Date.now;
    this.ready = new Promise((resolve) => (this.markReady = resolve));
  }

  /** Starts the first collection now. */
  start(): void {
    void this.collectNow();
  }

  /** The current snapshot once the first collection has ended (with data or with an error). */
  firstSnapshot(): Promise<Snapshot> {
    return this.ready;
  }

  get collecting(): boolean {
    return this.running !== null;
  }

  /** Runs one collection unless one is running (never two at once); then schedules the next. */
  collectNow(): Promise<void> {
    if (this.running) return this.running;
    if (this.stopped) return Promise.resolve();
    this.wake?.cancel();
    this.wake = null;
    this.running = this.collectOnce().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async collectOnce(): Promise<void> {
    this.collections += 1;
    const started = performance.now();
    let outcome: CollectionOutcome;
    try {
      outcome = await this.options.source.collect(this.abort.signal);
    } catch (error) {
      // A bug must not stop the heartbeat: it becomes the cluster's status like any failure.
      const { message } = errorData(error);
      outcome = {
        ok: false,
        failure: { code: 'internal', message: `collection failed: ${message}` },
        scheduler: this.options.source.scheduler,
        durationMs: performance.now() - started,
        outputBytes: 0,
        warnings: [],
      };
    }
    const time = Math.floor(this.clock() / 1000);
    const snapshot = this.options.store.put(outcomeSnapshot(this.options.cluster, outcome, time, this.lastGood));
    if (outcome.ok) this.lastGood = snapshot;
    this.lastDelayMs = delayAfterCollection(this.options.intervalMs, outcome.durationMs);
    this.options.onCollection?.(snapshot, outcome);
    this.markReady(snapshot);
    if (this.stopped) return;
    this.wake = this.timer.set(this.lastDelayMs, () => {
      this.wake = null;
      void this.collectNow();
    });
  }

  /** Stops scheduling, kills commands in flight, and waits for the collection to end. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.cancel();
    this.wake = null;
    this.abort.abort();
    await this.running;
  }
}
