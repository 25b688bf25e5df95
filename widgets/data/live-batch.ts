/**
 * Live updates of every element of a page, applied together: a change that arrives from the worker
 * is held until one second after the first change that is still waiting, then every waiting change
 * of every row is applied in the same task, so the browser lays out and paints the grid once per
 * burst instead of once per cluster. A grid of ten rows whose gateway polls at about the same time
 * then costs one frame per poll, not ten.
 *
 * Why one second: the data is a poll of the scheduler (every 15 s at the soonest, every 60 s by
 * default), so a second more is nothing to a reader, while the gateway's answers for one round of
 * polls arrive spread over a few hundred milliseconds. A row's first data is held only briefly,
 * to be drawn with the other rows' (FIRST_BATCH_MS), and nothing a person asked for (a new range
 * or metric) is held: only the live stream is.
 *
 * Each owner (a controller) has at most one waiting update: a later one replaces it, so a row that
 * got three changes within the second is drawn once, with the latest.
 */

/** How long the first waiting change waits for others. */
export const LIVE_BATCH_MS = 1_000;

/**
 * How long a row's first view waits for the other rows' first views. They come in one burst (a
 * reload's saved snapshots within a few tens of milliseconds, a first visit's from the gateway
 * over a few hundred): drawn as they come, the first rows' layout and paint (a large frame on a
 * cold page) delay the messages of the others, and each late row costs another such frame.
 */
export const FIRST_BATCH_MS = 50;

/** Updates held per owner (a later one replaces the earlier), applied together after `delayMs`. */
class Batch {
  private readonly waiting = new Map<object, () => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly delayMs: number,
    private readonly afterFlush: () => void = () => {},
  ) {}

  add(owner: object, apply: () => void): void {
    this.waiting.set(owner, apply);
    this.timer ??= setTimeout(() => this.flush(), this.delayMs);
  }

  has(owner: object): boolean {
    return this.waiting.has(owner);
  }

  drop(owner: object): void {
    this.waiting.delete(owner);
  }

  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const updates = [...this.waiting.values()];
    this.waiting.clear();
    for (const apply of updates) apply();
    this.afterFlush();
  }
}

const afterFlush = new Set<() => void>();
const live = new Batch(LIVE_BATCH_MS, () => {
  for (const listener of afterFlush) listener();
});
const firstViews = new Batch(FIRST_BATCH_MS);

/** Queues `apply` (the owner's first view, or a later one while that still waits) for the first-view flush. */
export function applyFirst(owner: object, apply: () => void): void {
  firstViews.add(owner, apply);
}

/** Whether the owner's first view is still waiting (its later changes join it). */
export function firstWaiting(owner: object): boolean {
  return firstViews.has(owner);
}

/** Applies every waiting first view now, in one task. */
export function flushFirstViews(): void {
  firstViews.flush();
}

/** Queues `apply` (the owner's latest update) for the next flush. */
export function applyLive(owner: object, apply: () => void): void {
  live.add(owner, apply);
}

/** Drops the owner's waiting update (the owner stopped following, or follows something else). */
export function cancelLive(owner: object): void {
  live.drop(owner);
  firstViews.drop(owner);
}

/** Applies every waiting update now (the timer does it; tests and pages may call it too). */
export function flushLiveUpdates(): void {
  live.flush();
}

/** Calls `listener` after every flush, in the same task (the clock refreshes its texts then, so
 * ages and data change in one frame). Returns a function that removes it. */
export function onLiveFlush(listener: () => void): () => void {
  afterFlush.add(listener);
  return () => afterFlush.delete(listener);
}
