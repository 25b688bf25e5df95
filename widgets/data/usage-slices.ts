/**
 * From a summary's usage rows (per user or per group) to the slices of a pie: the metric's running
 * amount, the N largest by name, the rest summed into `others`. The queued amount rides along
 * for tooltips and tables ("512 cores running, 1,024 queued").
 */
import type { Usage } from '../../protocol/model.ts';
import { OTHERS } from '../theme/palette.ts';
import type { MetricName } from './ranges.ts';

export interface PieSlice {
  name: string;
  value: number;
  /** The same metric, queued; null when not known. */
  queued: number | null;
}

function running(usage: Usage, metric: MetricName): number {
  return metric === 'cores' ? usage.coresRunning : metric === 'gpus' ? usage.gpusRunning : usage.jobsRunning;
}

function queued(usage: Usage, metric: MetricName): number {
  return metric === 'cores' ? usage.coresQueued : metric === 'gpus' ? usage.gpusQueued : usage.jobsQueued;
}

/** Largest first, ties by name; `others` last. Rows using none of the metric are left out. */
export function usageSlices(rows: readonly Usage[], metric: MetricName, top: number): PieSlice[] {
  const slices = rows
    .map((row) => ({ name: row.name, value: running(row, metric), queued: queued(row, metric) }))
    .filter((slice) => slice.value > 0 && slice.name !== OTHERS);
  slices.sort((a, b) => b.value - a.value || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // A gateway that already folded names into `others` (summary level) sends it as a row: keep it.
  const folded = rows.find((row) => row.name === OTHERS);
  const keep = Math.max(0, Math.floor(top));
  const shown = slices.slice(0, keep);
  const rest = slices.slice(keep);
  if (rest.length > 0 || (folded && running(folded, metric) > 0)) {
    shown.push({
      name: OTHERS,
      value: rest.reduce((sum, s) => sum + s.value, folded ? running(folded, metric) : 0),
      queued: rest.reduce((sum, s) => sum + (s.queued ?? 0), folded ? queued(folded, metric) : 0),
    });
  }
  return shown;
}

/** Whether two lists of slices show the same (so the pie need not be drawn again). */
export function sameSlices(a: readonly PieSlice[] | null, b: readonly PieSlice[] | null): boolean {
  if (a === b) return true;
  if (a === null || b === null || a.length !== b.length) return false;
  return a.every((slice, index) => {
    const other = b[index]!;
    return slice.name === other.name && slice.value === other.value && slice.queued === other.queued;
  });
}
