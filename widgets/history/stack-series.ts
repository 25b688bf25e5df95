/**
 * Stacked areas for uPlot, drawn by overpainting: the cumulative sums are drawn from the top of
 * the stack down, each filled to zero, so every band shows in its own colour without uPlot's
 * band machinery. A time where no series has a value is a gap (the cluster was not reachable)
 * and stays null, so the chart shows a hole instead of inventing a dip to zero.
 */
import type { SeriesResult } from '../../worker/api.ts';

export interface StackedData {
  /** `[times, top-of-stack, …, bottom series]`, the order uPlot draws them in. */
  columns: [number[], ...(number | null)[][]];
  /** Names in drawing order, matching `columns[1…]`. */
  names: string[];
  /** Highest stack top, for the y scale. */
  max: number;
}

export function stackSeries(result: SeriesResult): StackedData {
  const { times, series } = result;
  const levels: (number | null)[][] = [];
  let running: (number | null)[] = times.map(() => null);
  let max = 0;
  for (const one of series) {
    const next = new Array<number | null>(times.length);
    for (let t = 0; t < times.length; t++) {
      const value = one.values[t] ?? null;
      const below = running[t] ?? null;
      next[t] = value === null ? below : (below ?? 0) + value;
      if (next[t] !== null && next[t]! > max) max = next[t]!;
    }
    levels.push(next);
    running = next;
  }
  // Fill holes inside the stack: a series with no value where another has one counts as zero.
  const top = levels.at(-1);
  if (top) {
    for (const level of levels) for (let t = 0; t < times.length; t++) if (level[t] === null && top[t] !== null) level[t] = 0;
  }
  return {
    columns: [times, ...levels.slice().reverse()],
    names: series.map((one) => one.name).reverse(),
    max,
  };
}
