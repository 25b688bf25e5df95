/**
 * The time ranges and metrics a row can show, and the step of each range's history query.
 * Steps follow the gateway's storage tiers (each poll for 48 h, 5-minute means for 30 days):
 * about 300 points per chart, so a week or a month draws as fast as an hour.
 */
import type { SeriesMetric } from '../../worker/api.ts';

export const RANGES = ['1h', '6h', '24h', '7d', '30d'] as const;
export type RangeName = (typeof RANGES)[number];

export const METRICS = ['cores', 'gpus', 'jobs'] as const satisfies readonly SeriesMetric[];
export type MetricName = (typeof METRICS)[number];

export interface RangeSpec {
  seconds: number;
  /** Seconds per point of the history query. */
  step: number;
  /** How the range is named in text: "last 24 hours". */
  label: string;
}

export const RANGE_SPECS: Record<RangeName, RangeSpec> = {
  '1h': { seconds: 3_600, step: 60, label: 'last hour' },
  '6h': { seconds: 6 * 3_600, step: 60, label: 'last 6 hours' },
  '24h': { seconds: 24 * 3_600, step: 300, label: 'last 24 hours' },
  '7d': { seconds: 7 * 86_400, step: 1_800, label: 'last 7 days' },
  '30d': { seconds: 30 * 86_400, step: 7_200, label: 'last 30 days' },
};

export const DEFAULT_RANGE: RangeName = '24h';
export const DEFAULT_METRIC: MetricName = 'cores';

export function isRange(value: string | null | undefined): value is RangeName {
  return (RANGES as readonly string[]).includes(value ?? '');
}

export function isMetric(value: string | null | undefined): value is MetricName {
  return (METRICS as readonly string[]).includes(value ?? '');
}

/** The unit word of a metric for a count: "1 core", "12 cores". */
export function metricUnit(metric: MetricName, count: number): string {
  const singular = metric === 'cores' ? 'core' : metric === 'gpus' ? 'GPU' : 'job';
  return count === 1 ? singular : `${singular}s`;
}

/** The metric's name as a heading: "Cores", "GPUs", "Jobs". */
export function metricTitle(metric: MetricName): string {
  return metric === 'cores' ? 'Cores' : metric === 'gpus' ? 'GPUs' : 'Jobs';
}
