/**
 * The history database in IndexedDB (through idb-keyval): loaded once when the worker starts, so
 * a reload paints history before any socket opens; saved whole, debounced, and at once when the
 * last page goes away. The database name is per worker name, so a test's worker does not share
 * the site's.
 */
import { createStore, get, set, type UseStore } from 'idb-keyval';

/** The IndexedDB key of the saved database (object store `history` of the worker's database). */
export const HISTORY_KEY = 'history';

export class HistoryPersistence {
  private readonly idb: UseStore;

  constructor(databaseName = 'webstat') {
    this.idb = createStore(databaseName, 'history');
  }

  async load(): Promise<Uint8Array | null> {
    const saved = await get<Uint8Array>(HISTORY_KEY, this.idb);
    return saved instanceof Uint8Array ? saved : null;
  }

  async save(bytes: Uint8Array): Promise<void> {
    await set(HISTORY_KEY, bytes, this.idb);
  }
}

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

/** Debounces saves; `flush` saves now (and waits for a save already running). */
export class SaveScheduler {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private firstDirtyAt: number | null = null;
  private lastDurationMs = 0;
  private running: Promise<void> | null = null;
  private dirty = false;
  /** The last save's error, if it failed (shown by the worker's diagnostics). */
  lastError: unknown = null;

  constructor(
    private readonly save: () => Promise<void>,
    private readonly options: SaveSchedulerOptions = DEFAULT_SAVE_OPTIONS,
  ) {}

  markDirty(): void {
    this.dirty = true;
    const now = Date.now();
    this.firstDirtyAt ??= now;
    const earliest = Math.max(this.options.delayMs, this.lastDurationMs * this.options.durationFactor);
    const latest = this.firstDirtyAt + Math.max(this.options.maxWaitMs, earliest) - now;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), Math.max(0, Math.min(earliest, latest)));
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.running) await this.running;
    if (!this.dirty) return;
    this.dirty = false;
    this.firstDirtyAt = null;
    const start = performance.now();
    this.running = this.save()
      .then(() => {
        this.lastError = null;
      })
      .catch((error: unknown) => {
        this.lastError = error;
        this.dirty = true;
      })
      .finally(() => {
        this.lastDurationMs = performance.now() - start;
        this.running = null;
      });
    await this.running;
  }
}
