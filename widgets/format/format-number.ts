/**
 * Numbers as people read them on a dashboard, in the browser's locale. The elements set
 * `font-variant-numeric: tabular-nums` so that columns of these line up.
 */

const whole = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });

/** A count: whole numbers grouped (`12,480`); means from history keep one decimal below 100. */
export function formatCount(value: number): string {
  if (Number.isInteger(value) || Math.abs(value) >= 100) return whole.format(value);
  return oneDecimal.format(value);
}

/** A short form for axes and tight places: `950`, `12.5K`, `1.2M`. */
export function formatCompact(value: number): string {
  return Math.abs(value) < 1000 ? formatCount(value) : compact.format(value);
}

/** A share of a whole: `42%`, `0.4%` below one percent, `0%` only for nothing at all. */
export function formatPercent(part: number, whole: number): string {
  if (whole <= 0 || part <= 0) return '0%';
  const percent = (part / whole) * 100;
  if (percent < 1) return `${oneDecimal.format(Math.max(percent, 0.1))}%`;
  return `${Math.round(percent)}%`;
}
