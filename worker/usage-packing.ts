/**
 * One usage sample row holds every name of one dimension (user, group or queue) at one time: a
 * list of name ids (stored once in `name_sets`, as a varint column), and each USAGE_METRIC as a
 * varint column aligned with the list.
 * One row per (dimension, time) instead of one per name keeps a 7-day, 50-user series query to a
 * few thousand rows read across the wasm boundary (see README.md).
 */
import { ByteReader, ByteWriter } from '../protocol/bytes.ts';
import { USAGE_METRICS, type UsageMetric } from '../protocol/history.ts';

export interface UsageColumns {
  /** Ids from the history's `names` table. */
  nameIds: number[];
  /** Per metric, one value per name (means may have two decimals). */
  values: Record<UsageMetric, number[]>;
}

export function emptyUsageColumns(): UsageColumns {
  const values = {} as Record<UsageMetric, number[]>;
  for (const metric of USAGE_METRICS) values[metric] = [];
  return { nameIds: [], values };
}

/** A list of name ids as a varint column. */
export function packIds(ids: readonly number[]): Uint8Array {
  const w = new ByteWriter(ids.length * 2 + 4);
  for (const id of ids) w.uint(id);
  return w.finish();
}

/**
 * The row's value columns as bytes, one per USAGE_METRIC, each a view of one buffer (a live
 * sample writes three rows per poll: one allocation each, not seven).
 *
 * Values are non-negative with at most two decimals. A column of whole numbers (every per-poll
 * sample: counts) goes as they are, one of means as hundredths; a leading varint says which
 * (0 or 2 decimals), which saves about a third of the bytes of a week of history.
 */
export function packUsage(columns: UsageColumns): Uint8Array[] {
  const n = columns.nameIds.length;
  const w = new ByteWriter(n * 3 * USAGE_METRICS.length + 16);
  const ends: number[] = [];
  for (const metric of USAGE_METRICS) {
    const values = columns.values[metric];
    let whole = true;
    for (let k = 0; k < n; k++) {
      if (!Number.isInteger(values[k])) {
        whole = false;
        break;
      }
    }
    w.uint(whole ? 0 : 2);
    for (let k = 0; k < n; k++) {
      const value = values[k]!;
      w.uint(Math.max(0, whole ? value : Math.round(value * 100)));
    }
    ends.push(w.finish().length);
  }
  const bytes = w.finish();
  return ends.map((end, i) => bytes.subarray(i === 0 ? 0 : ends[i - 1], end));
}

export function unpackIds(bytes: Uint8Array): Int32Array {
  const out = new Int32Array(countPacked(bytes));
  const r = new ByteReader(bytes);
  for (let i = 0; i < out.length; i++) out[i] = r.uint();
  return out;
}

/** Decodes `out.length` values into `out` (reused by the caller). */
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

/**
 * The series query's hot loop: `count` values of a metric column into `out` from `at`; values
 * the column lacks are 0. Plain varint decoding over the bytes, no reader object: columns were
 * written by packUsage, and a damaged one decodes to wrong numbers, never to a read past its end.
 */
export function decodeValues(bytes: Uint8Array, out: Float64Array, at: number, count: number): void {
  let i = 0;
  let divisor = 1;
  if (bytes.length > 0) {
    divisor = bytes[0] === 0 ? 1 : 100;
    i = 1;
  }
  let k = 0;
  let value = 0;
  let scale = 1;
  for (; i < bytes.length && k < count; i++) {
    const byte = bytes[i]!;
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) {
      out[at + k++] = value / divisor;
      value = 0;
      scale = 1;
    } else {
      scale *= 0x80;
    }
  }
  for (; k < count; k++) out[at + k] = 0;
}
