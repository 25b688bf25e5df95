/**
 * Node's zlib for frame compression: deflate about three times and inflate about twice as fast
 * as the portable fflate. Node only: browser code never imports this file.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { deflateLevel, type Deflate, type Inflate } from './compression.ts';

export const nodeDeflate: Deflate = (bytes, dictionary) => {
  const level = deflateLevel(bytes.length);
  return deflateRawSync(bytes, dictionary ? { level, dictionary } : { level });
};

/**
 * Inflates into one buffer of the declared length: zlib's default 16 KiB chunks, joined at the
 * end, made a snapshot's inflate five times slower. `maxOutputLength` makes zlib stop (and
 * throw) past the declared length instead of producing whatever the data says.
 */
export const nodeInflate: Inflate = (compressed, inflatedLength, dictionary) => {
  const bound = Math.max(64, inflatedLength);
  return inflateRawSync(compressed, dictionary ? { maxOutputLength: bound, chunkSize: bound, dictionary } : { maxOutputLength: bound, chunkSize: bound });
};
