/**
 * One usage sample row holds every name of one dimension (user, group or queue) at one time: the
 * name ids as a varint column, and each USAGE_METRIC as a varint column of hundredths, aligned
 * with the names. One row per (cluster, dimension, time) instead of one per name keeps a 7-day,
 * 50-user series query to a few thousand rows read across the wasm boundary (see README.md).
 */
import { ByteReader, ByteWriter } from '../protocol/bytes.ts';
import { USAGE_METRICS, type UsageMetric } from '../protocol/history.ts';

export interface UsageColumns {
  /** Ids from the store's `names` table. */
  nameIds: number[];
  /** Per metric, one value per name (means may have two decimals). */
  values: Record<UsageMetric, number[]>;
}

export function emptyUsageColumns(): UsageColumns {
  const values = {} as Record<UsageMetric, number[]>;
  for (const metric of USAGE_METRICS) values[metric] = [];
  return { nameIds: [], values };
}

export function packIds(ids: readonly number[]): Uint8Array {
  const w = new ByteWriter(ids.length * 2 + 4);
  for (const id of ids) w.uint(id);
  return w.finish();
}

/**
 * Non-negative values with at most two decimals. A column of whole numbers (every per-poll
 * sample: counts) goes as they are, one of means as hundredths; a leading varint says which
 * (0 or 2 decimals), which saves about a third of the bytes of a week of history.
 */
export function packValues(values: readonly number[]): Uint8Array {
  let whole = true;
  for (const value of values) {
    if (!Number.isInteger(value)) {
      whole = false;
      break;
    }
  }
  const w = new ByteWriter(values.length * 3 + 4);
  w.uint(whole ? 0 : 2);
  for (const value of values) w.uint(Math.max(0, whole ? value : Math.round(value * 100)));
  return w.finish();
}

export function unpackIds(bytes: Uint8Array, count: number): number[] {
  const r = new ByteReader(bytes);
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) out[i] = r.uint();
  return out;
}

/** Decodes `out.length` ids into `out` (reused by the caller). */
export function unpackIdsInto(bytes: Uint8Array, out: Int32Array): void {
  const r = new ByteReader(bytes);
  for (let i = 0; i < out.length; i++) out[i] = r.uint();
}

/** Decodes `out.length` values into `out` (reused by the caller: the query loop allocates nothing). */
export function unpackValues(bytes: Uint8Array, out: Float64Array): void {
  const r = new ByteReader(bytes);
  const divisor = r.uint() === 0 ? 1 : 100;
  for (let i = 0; i < out.length; i++) out[i] = r.uint() / divisor;
}

/** Number of varints in a packed column: the count of bytes without the continuation bit. */
export function countPacked(bytes: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! < 0x80) n++;
  return n;
}
