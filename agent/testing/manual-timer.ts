/** A Timer for tests: records what the loop asked for and wakes it only when the test says so. */
import type { Timer } from '../service/timer.ts';

export class ManualTimer implements Timer {
  /** Every delay asked for, in order. */
  readonly delays: number[] = [];
  private pending: (() => void) | null = null;

  set(delayMs: number, wake: () => void): { cancel(): void } {
    this.delays.push(delayMs);
    this.pending = wake;
    return {
      cancel: () => {
        if (this.pending === wake) this.pending = null;
      },
    };
  }

  get armed(): boolean {
    return this.pending !== null;
  }

  /** Wakes the loop as if the delay had passed. */
  fire(): void {
    const wake = this.pending;
    if (!wake) throw new Error('nothing scheduled');
    this.pending = null;
    wake();
  }
}
