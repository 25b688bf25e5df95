/**
 * Frame compression (FrameFlag.Deflate): raw DEFLATE of the frame's payload, preceded by the
 * inflated length. Snapshots and history blocks shrink 3–4×, deltas about 2×, and a little more
 * when the compressor is primed with text both ends already hold (FrameFlag.Primed, frame.ts).
 *
 * fflate works in browsers and Node alike; Node callers pass zlib's faster pair instead
 * (protocol/deflate-node.ts). Both write standard raw DEFLATE, so either end may use either.
 * Inflating is bounded by the declared length, itself bounded below, so a hostile frame cannot
 * make a decoder allocate without limit.
 */
import { deflateSync, inflateSync } from 'fflate';
import { ProtocolError } from './protocol-error.ts';

/** Compresses `bytes` to raw DEFLATE; a `dictionary` primes it (the inflating end needs the same). */
export type Deflate = (bytes: Uint8Array, dictionary?: Uint8Array) => Uint8Array;
/** Inflates raw DEFLATE that should give `inflatedLength` bytes; may throw anything on bad data
 * (`inflate` below turns that into a ProtocolError) but must not produce more than that length. */
export type Inflate = (compressed: Uint8Array, inflatedLength: number, dictionary?: Uint8Array) => Uint8Array;

/**
 * The DEFLATE level for a frame of `length` bytes. Large frames (snapshots, long histories) at
 * level 2: on a 10,000-job snapshot zlib takes about 4 ms there against 11 ms at its default 6,
 * for 9% more bytes. Small ones (deltas, statuses) at level 9, which costs a delta a fraction of
 * a millisecond and is what every subscriber receives every poll.
 */
export function deflateLevel(length: number): 2 | 9 {
  return length <= SMALL_FRAME_BYTES ? 9 : 2;
}
const SMALL_FRAME_BYTES = 32 << 10;

export const fflateDeflate: Deflate = (bytes, dictionary) => deflateSync(bytes, { level: deflateLevel(bytes.length), dictionary });

export const fflateInflate: Inflate = (compressed, inflatedLength, dictionary) =>
  inflateSync(compressed, { out: new Uint8Array(inflatedLength), dictionary });

/** Bodies smaller than this go uncompressed: deflate would not pay for its own header. */
export const COMPRESS_MIN_BYTES = 200;
/** An inflated frame may not exceed this (a 10,000-job snapshot inflates to about 0.5 MiB). */
export const MAX_INFLATED_BYTES = 256 << 20;
/** DEFLATE cannot expand data more than about 1032:1. */
const MAX_DEFLATE_RATIO = 1032;

/** Inflates a frame's payload with `using`, refusing implausible lengths before allocating and
 * any result that is not exactly the declared length. */
export function inflate(compressed: Uint8Array, inflatedLength: number, using: Inflate = fflateInflate, dictionary?: Uint8Array): Uint8Array {
  if (inflatedLength > MAX_INFLATED_BYTES || inflatedLength > compressed.length * MAX_DEFLATE_RATIO + 64) {
    throw new ProtocolError('bad-length', `inflated length ${inflatedLength} is not plausible`);
  }
  let result: Uint8Array;
  try {
    result = using(compressed, inflatedLength, dictionary);
  } catch {
    throw new ProtocolError('bad-compression', 'compressed body does not inflate');
  }
  if (result.length !== inflatedLength) {
    throw new ProtocolError('bad-compression', `inflated to ${result.length} bytes, header said ${inflatedLength}`);
  }
  return result;
}
