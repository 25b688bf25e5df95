/**
 * When the worker saves to IndexedDB: after a quiet moment following changes (debounced), at
 * least every so often during a steady stream, never so often that saving keeps the worker busy,
 * and at once when asked (`flush`: a page hidden, the last page gone, a test). What a save writes
 * is the store's choice (history-store.ts): it may leave some of it for later and say when.
 */

export interface SaveSchedulerOptions {
  /** Quiet time after a change before saving. */
  delayMs: number;
  /** A steady stream of changes still saves at least this often. */
  maxWaitMs: number;
  /** The next save waits at least this many times the last one's duration, so a large history
   * never keeps the worker busy saving (as the agent's own scheduler budget does). */
  durationFactor: number;
}

export const DEFAULT_SAVE_OPTIONS: SaveSchedulerOptions = { delayMs: 5_000, maxWaitMs: 30_000, durationFactor: 20 };

/**
 * Saves what is due (`all`: everything that changed) and returns when more will be due (epoch
 * milliseconds), or null when nothing waits.
 */
export type SaveRun = (all: boolean) => Promise<number | null>;

export class SaveScheduler {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private firstDirtyAt: number | null = null;
  private lastDurationMs = 0;
  private running: Promise<void> | null = null;
  /** The last save's error, if it failed (shown by the worker's diagnostics). */
  lastError: unknown = null;

  constructor(
    private readonly save: SaveRun,
    private readonly options: SaveSchedulerOptions = DEFAULT_SAVE_OPTIONS,
  ) {}

  markDirty(): void {
    const now = Date.now();
    this.firstDirtyAt ??= now;
    const earliest = Math.max(this.options.delayMs, this.lastDurationMs * this.options.durationFactor);
    const latest = this.firstDirtyAt + Math.max(this.options.maxWaitMs, earliest) - now;
    this.arm(Math.max(0, Math.min(earliest, latest)));
  }

  /** Saves everything that changed now (and waits for a save already running). */
  flush(): Promise<void> {
    return this.run(true);
  }

  private arm(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(false), delayMs);
  }

  private async run(all: boolean): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.running) await this.running;
    this.firstDirtyAt = null;
    const start = performance.now();
    let next: number | null = null;
    this.running = this.save(all)
      .then((due) => {
        next = due;
        this.lastError = null;
      })
      .catch((error: unknown) => {
        this.lastError = error;
      })
      .finally(() => {
        this.lastDurationMs = performance.now() - start;
        this.running = null;
      });
    await this.running;
    // Parts left for later (histories are saved less often than snapshots): come back for them.
    if (next !== null && !this.timer) this.arm(Math.max(next - Date.now(), this.lastDurationMs * this.options.durationFactor));
  }
}
