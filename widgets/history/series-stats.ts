/** The numbers a person reads off a history chart: now, the mean and the peak over the range. */
import type { Series } from '../../worker/api.ts';

export interface SeriesStats {
  name: string;
  /** The last value that is not a gap, or null when the range holds none. */
  latest: number | null;
  mean: number | null;
  peak: number | null;
  /** Index into the times of the peak. */
  peakIndex: number | null;
}

export function seriesStats(series: Series): SeriesStats {
  let latest: number | null = null;
  let sum = 0;
  let count = 0;
  let peak: number | null = null;
  let peakIndex: number | null = null;
  series.values.forEach((value, index) => {
    if (value === null) return;
    latest = value;
    sum += value;
    count += 1;
    if (peak === null || value > peak) {
      peak = value;
      peakIndex = index;
    }
  });
  return { name: series.name, latest, mean: count > 0 ? sum / count : null, peak, peakIndex };
}

/** The sum of all series at one time, or null when every one is a gap there. */
export function totalAt(series: readonly Series[], index: number): number | null {
  let total: number | null = null;
  for (const one of series) {
    const value = one.values[index] ?? null;
    if (value !== null) total = (total ?? 0) + value;
  }
  return total;
}
