/**
 * Frame compression (FrameFlag.Deflate): raw DEFLATE of everything after the 3-byte header,
 * preceded by the inflated length. Snapshots and history blocks shrink 3–4×, deltas about 2×.
 * fflate works in browsers and Node alike; Node callers may pass zlib's faster deflate
 * (protocol/deflate-node.ts). Inflating writes into a buffer of the declared length, which is
 * bounded, so a hostile frame cannot make a decoder allocate without limit.
 */
import { deflateSync, inflateSync } from 'fflate';
import { ProtocolError } from './protocol-error.ts';

export type Deflate = (bytes: Uint8Array) => Uint8Array;

export const fflateDeflate: Deflate = (bytes) => deflateSync(bytes, { level: 6 });

/** Bodies smaller than this go uncompressed: deflate would not pay for its own header. */
export const COMPRESS_MIN_BYTES = 200;
/** An inflated frame may not exceed this (a 10,000-job snapshot inflates to about 0.5 MiB). */
export const MAX_INFLATED_BYTES = 256 << 20;
/** DEFLATE cannot expand data more than about 1032:1. */
const MAX_DEFLATE_RATIO = 1032;

export function inflate(compressed: Uint8Array, inflatedLength: number): Uint8Array {
  if (inflatedLength > MAX_INFLATED_BYTES || inflatedLength > compressed.length * MAX_DEFLATE_RATIO + 64) {
    throw new ProtocolError('bad-length', `inflated length ${inflatedLength} is not plausible`);
  }
  const out = new Uint8Array(inflatedLength);
  let result: Uint8Array;
  try {
    result = inflateSync(compressed, { out });
  } catch {
    throw new ProtocolError('bad-compression', 'compressed body does not inflate');
  }
  if (result.length !== inflatedLength) {
    throw new ProtocolError('bad-compression', `inflated to ${result.length} bytes, header said ${inflatedLength}`);
  }
  return result;
}
