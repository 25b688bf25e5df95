/** When the loop wakes up; tests pass a manual timer and fire it themselves (no timed waits). */
export interface Timer {
  set(delayMs: number, wake: () => void): { cancel(): void };
}

export const realTimer: Timer = {
  set(delayMs, wake) {
    const handle = setTimeout(wake, delayMs);
    return { cancel: () => clearTimeout(handle) };
  },
};
