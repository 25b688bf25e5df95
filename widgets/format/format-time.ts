/** Points in time, short: the clock time for today, the date too for older ones. */

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dated = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
const full = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** `14:32` when `time` is within the last 20 hours of `now`, else `28 Nov, 14:32`. Epoch seconds. */
export function formatWhen(time: number, now: number): string {
  const date = new Date(time * 1000);
  return now - time < 20 * 3600 && now >= time ? clock.format(date) : dated.format(date);
}

/** Date and time, for tooltips and tables: `Nov 28, 2026, 14:32`. Epoch seconds. */
export function formatDateTime(time: number): string {
  return full.format(new Date(time * 1000));
}
