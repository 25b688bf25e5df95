/**
 * One history row holds every name of one dimension (users, groups or queues) at one time:
 * reading 30 days of 5-minute means is then ~26,000 rows rather than a row per name and time
 * (~700,000 for 80 names), which is what makes a browser's first history load cheap.
 *
 * Layout, in the protocol's varints: the count k, k name ids ascending as gaps, then per name the
 * USAGE_METRICS values in hundredths (history values are non-negative and kept to two decimals).
 */
import { ByteReader, ByteWriter } from '../../protocol/bytes.ts';
import { USAGE_METRICS } from '../../protocol/history.ts';

export const METRIC_COUNT = USAGE_METRICS.length;

export interface PackedUsage {
  /** Name ids, ascending. */
  ids: number[];
  /** `ids.length × METRIC_COUNT` values, name by name, in USAGE_METRICS order. */
  values: Float64Array;
}

export function packUsage(usage: PackedUsage): Uint8Array {
  const writer = new ByteWriter(16 + usage.ids.length * (2 + METRIC_COUNT));
  writer.uint(usage.ids.length);
  let previous = 0;
  for (const id of usage.ids) {
    writer.uint(id - previous);
    previous = id;
  }
  for (const value of usage.values) writer.uint(Math.max(0, Math.round(value * 100)));
  return writer.finish();
}

/** The name ids alone, without decoding the values. */
export function unpackIds(bytes: Uint8Array): number[] {
  const reader = new ByteReader(bytes);
  const k = reader.count(1 + METRIC_COUNT);
  const ids: number[] = new Array(k);
  let previous = 0;
  for (let i = 0; i < k; i++) ids[i] = previous += reader.uint();
  return ids;
}

export function unpackUsage(bytes: Uint8Array): PackedUsage {
  const reader = new ByteReader(bytes);
  const k = reader.count(1 + METRIC_COUNT);
  const ids: number[] = new Array(k);
  let previous = 0;
  for (let i = 0; i < k; i++) ids[i] = previous += reader.uint();
  const values = new Float64Array(k * METRIC_COUNT);
  for (let i = 0; i < values.length; i++) values[i] = reader.uint() / 100;
  reader.expectEnd();
  return { ids, values };
}
