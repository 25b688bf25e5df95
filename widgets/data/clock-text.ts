/**
 * Text that depends on the time, such as "updated 12 s ago" or a queue's longest wait: a Lit
 * directive that writes its own text (or attribute) when the clock ticks, without rendering the
 * element that holds it again. One timer per page serves every such text; a tick changes the DOM
 * only where the words changed, so a grid of rows costs a few text nodes per tick, not a render of
 * each row.
 *
 *   html`<span>${clockText((now) => formatAge(now - time))}</span>`
 *
 * The clock ticks every 5 s (as fine as an age told in seconds needs), and also right after each
 * flush of live updates (live-batch.ts), so that the data and the ages it resets change in the same
 * frame; the next tick then comes 5 s after that flush.
 */
import { AsyncDirective, directive } from 'lit/async-directive.js';
import { onLiveFlush } from './live-batch.ts';

export const CLOCK_TICK_MS = 5_000;

/** Epoch seconds, as every clock text sees it. */
export function clockNow(): number {
  return Math.floor(Date.now() / 1000);
}

type TextOfTime = (now: number) => string;

const texts = new Set<ClockTextDirective>();
let timer: ReturnType<typeof setInterval> | null = null;
let stopFlushListener: (() => void) | null = null;

function tick(): void {
  const now = clockNow();
  for (const text of texts) text.refresh(now);
}

function restartTimer(): void {
  if (timer !== null) clearInterval(timer);
  timer = texts.size > 0 ? setInterval(tick, CLOCK_TICK_MS) : null;
}

function track(text: ClockTextDirective): void {
  texts.add(text);
  if (timer === null) restartTimer();
  stopFlushListener ??= onLiveFlush(() => {
    tick();
    restartTimer();
  });
}

function untrack(text: ClockTextDirective): void {
  texts.delete(text);
  if (texts.size > 0) return;
  restartTimer();
  stopFlushListener?.();
  stopFlushListener = null;
}

class ClockTextDirective extends AsyncDirective {
  private textOf: TextOfTime | null = null;
  private shown: string | null = null;

  render(textOf: TextOfTime): string {
    this.textOf = textOf;
    this.shown = textOf(clockNow());
    if (this.isConnected) track(this);
    return this.shown;
  }

  /** Writes the text again if the words changed. */
  refresh(now: number): void {
    if (!this.textOf || !this.isConnected) return;
    const next = this.textOf(now);
    if (next === this.shown) return;
    this.shown = next;
    this.setValue(next);
  }

  protected override disconnected(): void {
    untrack(this);
  }

  protected override reconnected(): void {
    track(this);
    this.refresh(clockNow());
  }
}

/** A text (or attribute value) made from the current time, kept up to date by the page's clock. */
export const clockText = directive(ClockTextDirective);
