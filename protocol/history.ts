/**
 * A history block: samples of one cluster over a time range, as columns ready for charts.
 * Values are means over `step` seconds (exact counts when the step is one poll), kept to two
 * decimals. A time with no sample is a gap (the cluster was not reachable): never filled in.
 */
export const USAGE_METRICS = [
  'coresRunning',
  'coresQueued',
  'gpusRunning',
  'gpusQueued',
  'jobsRunning',
  'jobsQueued',
  'jobsHeld',
] as const;
export type UsageMetric = (typeof USAGE_METRICS)[number];

export const TOTAL_METRICS = [
  'coresTotal',
  'coresUsed',
  'coresUnavailable',
  'gpusTotal',
  'gpusUsed',
  'jobsRunning',
  'jobsQueued',
  'jobsHeld',
] as const;
export type TotalMetric = (typeof TOTAL_METRICS)[number];

export const DIMENSIONS = ['user', 'group', 'queue'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface HistorySeries {
  dimension: Dimension;
  name: string;
  /** Indexes into the block's `times`, increasing; a time not listed means zero for this series. */
  at: number[];
  values: Record<UsageMetric, number[]>;
}

export interface HistoryBlock {
  cluster: string;
  /** Nominal seconds between samples: the poll interval, or the tier's bucket (300, 3600). */
  step: number;
  /** Sample times, epoch seconds, strictly increasing. */
  times: number[];
  totals: Record<TotalMetric, number[]>;
  series: HistorySeries[];
}
