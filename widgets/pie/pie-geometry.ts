/**
 * SVG path data for the slices of a donut centred on (0, 0), angles in turns (0 = twelve
 * o'clock, clockwise). Pure arithmetic, so it is tested without a browser.
 */

export interface Arc {
  /** Start and end, in turns from twelve o'clock: 0 ≤ start < end ≤ 1. */
  start: number;
  end: number;
}

/** Consecutive arcs for values, in order, proportional to their sum. */
export function arcsOf(values: readonly number[]): Arc[] {
  const total = values.reduce((sum, value) => sum + Math.max(0, value), 0);
  const arcs: Arc[] = [];
  let start = 0;
  for (const value of values) {
    const end = total > 0 ? Math.min(1, start + Math.max(0, value) / total) : start;
    arcs.push({ start, end });
    start = end;
  }
  return arcs;
}

function point(turns: number, radius: number): string {
  const angle = turns * 2 * Math.PI;
  return `${round(Math.sin(angle) * radius)} ${round(-Math.cos(angle) * radius)}`;
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000 + 0; // + 0 turns -0 into 0
}

/** A ring segment between radii `inner` and `outer`. A full turn is drawn as two halves. */
export function donutSlicePath(arc: Arc, outer: number, inner: number): string {
  const span = arc.end - arc.start;
  if (span <= 0) return '';
  if (span >= 0.9999) {
    return (
      `M ${point(0, outer)} A ${outer} ${outer} 0 1 1 ${point(0.5, outer)} A ${outer} ${outer} 0 1 1 ${point(0, outer)} Z ` +
      `M ${point(0, inner)} A ${inner} ${inner} 0 1 0 ${point(0.5, inner)} A ${inner} ${inner} 0 1 0 ${point(0, inner)} Z`
    );
  }
  const large = span > 0.5 ? 1 : 0;
  return (
    `M ${point(arc.start, outer)} A ${outer} ${outer} 0 ${large} 1 ${point(arc.end, outer)} ` +
    `L ${point(arc.end, inner)} A ${inner} ${inner} 0 ${large} 0 ${point(arc.start, inner)} Z`
  );
}

/** The unit vector through the middle of an arc, to pull a highlighted slice outwards. */
export function midDirection(arc: Arc): { x: number; y: number } {
  const angle = ((arc.start + arc.end) / 2) * 2 * Math.PI;
  return { x: round(Math.sin(angle)), y: round(-Math.cos(angle)) };
}
