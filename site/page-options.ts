/**
 * The options a page takes from its address, so that a view can be bookmarked and shared:
 * `?range=7d&metric=gpus&clusters=a,b&top=5&theme=dark&highlight=smith`. Unknown values fall
 * back to the defaults.
 */
import { DEFAULT_METRIC, DEFAULT_RANGE, isMetric, isRange, type MetricName, type RangeName } from '../widgets/data/ranges.ts';
import type { ThemeName } from '../widgets/theme/theme-tokens.ts';

export interface PageOptions {
  range: RangeName;
  metric: MetricName;
  clusters: string;
  top: number;
  theme: ThemeName | null;
  highlight: string;
}

export function pageOptions(page: URL): PageOptions {
  const params = page.searchParams;
  const range = params.get('range');
  const metric = params.get('metric');
  const theme = params.get('theme');
  const top = Number.parseInt(params.get('top') ?? '', 10);
  return {
    range: isRange(range) ? range : DEFAULT_RANGE,
    metric: isMetric(metric) ? metric : DEFAULT_METRIC,
    clusters: params.get('clusters') ?? '',
    top: Number.isFinite(top) && top > 0 && top <= 30 ? top : 8,
    theme: theme === 'light' || theme === 'dark' || theme === 'auto' ? theme : null,
    highlight: params.get('highlight') ?? '',
  };
}

/** The page's address with one option changed (defaults are left out, to keep links short). */
export function withOption(page: URL, name: string, value: string, fallback: string): URL {
  const next = new URL(page);
  if (value === fallback || value === '') next.searchParams.delete(name);
  else next.searchParams.set(name, value);
  return next;
}
