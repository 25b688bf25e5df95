/**
 * A series result as CSV (RFC 4180): a header `time,epoch,<series...>`, then one row per step;
 * `time` is ISO 8601 UTC for spreadsheets, `epoch` the seconds for scripts; a gap is an empty cell.
 */
import type { SeriesResult } from './api.ts';

function cell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function seriesToCsv(result: SeriesResult): string {
  const lines = [['time', 'epoch', ...result.series.map((series) => cell(series.name))].join(',')];
  result.times.forEach((time, i) => {
    const row = [new Date(time * 1000).toISOString().replace('.000Z', 'Z'), String(time)];
    for (const series of result.series) {
      const value = series.values[i];
      row.push(value === null || value === undefined ? '' : String(value));
    }
    lines.push(row.join(','));
  });
  return lines.join('\r\n') + '\r\n';
}
