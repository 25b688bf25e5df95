/** Durations in the two most significant units, the way a queue's wait is usually told. */

const UNITS: ReadonlyArray<[string, number]> = [
  ['d', 86_400],
  ['h', 3_600],
  ['min', 60],
  ['s', 1],
];

/** `45 s`, `12 min`, `3 h 20 min`, `2 d 4 h`. Negative durations (clock skew) read as `0 s`. */
export function formatDuration(seconds: number): string {
  let rest = Math.max(0, Math.floor(seconds));
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    if (rest >= size || (unit === 's' && parts.length === 0)) {
      const count = Math.floor(rest / size);
      rest -= count * size;
      if (count > 0 || parts.length === 0) parts.push(`${count} ${unit}`);
    } else if (parts.length > 0) {
      break; // a skipped middle unit ends the phrase: "2 d" not "2 d 0 h 5 min"
    }
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}

/** How old data is: `just now` under 5 s, then `12 s ago`, `5 min ago`, `2 h 10 min ago`. */
export function formatAge(seconds: number): string {
  if (seconds < 5) return 'just now';
  return `${formatDuration(seconds)} ago`;
}
