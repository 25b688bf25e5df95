/**
 * Byte-level reading and writing: LEB128 varints for whole numbers up to 2^53 - 1, zigzag for
 * signed ones, length-prefixed UTF-8. The reader checks every read against the bytes left, so a
 * hostile length can never make it allocate more than the frame holds.
 */
import { ProtocolError } from './protocol-error.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
/** 2^53 needs 8 varint groups of 7 bits; a 9th byte is never valid. */
const MAX_VARINT_BYTES = 8;

export class ByteWriter {
  private buffer: Uint8Array;
  private length = 0;

  constructor(initialCapacity = 256) {
    this.buffer = new Uint8Array(initialCapacity);
  }

  private reserve(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.buffer.length) return;
    let capacity = this.buffer.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }

  u8(value: number): void {
    this.reserve(1);
    this.buffer[this.length++] = value & 0xff;
  }

  /** An unsigned whole number below 2^53. */
  uint(value: number): void {
    // Below 2^31 (nearly every value a snapshot holds): 32-bit integer arithmetic.
    if (value >= 0 && value <= 0x7fffffff && (value | 0) === value) {
      if (this.length + 5 > this.buffer.length) this.reserve(5);
      const buffer = this.buffer;
      let at = this.length;
      let rest = value;
      while (rest >= 0x80) {
        buffer[at++] = (rest & 0x7f) | 0x80;
        rest >>>= 7;
      }
      buffer[at++] = rest;
      this.length = at;
      return;
    }
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`varint out of range: ${value}`);
    }
    this.reserve(MAX_VARINT_BYTES);
    while (value >= 0x80) {
      this.buffer[this.length++] = (value % 0x80) | 0x80;
      value = Math.floor(value / 0x80);
    }
    this.buffer[this.length++] = value;
  }

  /** A signed whole number of magnitude below 2^52, zigzag-encoded so small magnitudes stay short. */
  int(value: number): void {
    if (!Number.isSafeInteger(value * 2)) throw new RangeError(`signed varint out of range: ${value}`);
    this.uint(value >= 0 ? value * 2 : -value * 2 - 1);
  }

  bytes(data: Uint8Array): void {
    this.reserve(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
  }

  /** A length-prefixed UTF-8 string. ASCII, by far the common case, skips the TextEncoder. */
  text(value: string): void {
    const n = value.length;
    if (n < 0x80) {
      this.reserve(n + 1);
      const start = this.length;
      this.buffer[start] = n;
      let at = start + 1;
      for (let i = 0; i < n; i++) {
        const code = value.charCodeAt(i);
        if (code >= 0x80) {
          this.length = start;
          this.textSlow(value);
          return;
        }
        this.buffer[at++] = code;
      }
      this.length = at;
      return;
    }
    this.textSlow(value);
  }

  private textSlow(value: string): void {
    const data = encoder.encode(value);
    this.uint(data.length);
    this.bytes(data);
  }

  /** Bytes the buffer holds before it must grow. */
  get capacity(): number {
    return this.buffer.length;
  }

  /** Starts over, keeping the buffer: a writer reused for many frames allocates once. */
  reset(): void {
    this.length = 0;
  }

  /** The bytes written, as a view of the writer's buffer (no copy). */
  finish(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }
}

/** Node's Buffer, when there is one: its `toString('latin1', start, end)` makes a string straight
 * from the bytes, where TextDecoder needs a view object per string. Absent in browsers. */
type Latin1Bytes = Uint8Array & { toString(encoding: 'latin1', start: number, end: number): string };
const NodeBuffer = (globalThis as { Buffer?: { isBuffer(value: unknown): boolean } }).Buffer;

export class ByteReader {
  private offset = 0;
  /** The data as a Node Buffer, or null (browsers, and plain arrays in Node). */
  private readonly latin1: Latin1Bytes | null;

  constructor(private readonly data: Uint8Array) {
    this.latin1 = NodeBuffer?.isBuffer(data) ? (data as Latin1Bytes) : null;
  }

  get remaining(): number {
    return this.data.length - this.offset;
  }

  u8(): number {
    if (this.offset >= this.data.length) throw new ProtocolError('truncated', 'frame ends early');
    return this.data[this.offset++]!;
  }

  uint(): number {
    const data = this.data;
    const at = this.offset;
    // One and two bytes (values below 16,384) inline; longer ones below, with every check.
    if (at + 1 < data.length) {
      const first = data[at]!;
      if (first < 0x80) {
        this.offset = at + 1;
        return first;
      }
      const second = data[at + 1]!;
      if (second < 0x80 && second !== 0) {
        this.offset = at + 2;
        return (first & 0x7f) | (second << 7);
      }
    } else if (at < data.length && data[at]! < 0x80) {
      this.offset = at + 1;
      return data[at]!;
    }
    let value = 0;
    let scale = 1;
    for (let i = 0; i < MAX_VARINT_BYTES; i++) {
      const byte = this.u8();
      value += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) {
        if (!Number.isSafeInteger(value)) throw new ProtocolError('bad-varint', 'varint exceeds 2^53');
        if (byte === 0 && i > 0) throw new ProtocolError('bad-varint', 'varint has a redundant zero byte');
        return value;
      }
      scale *= 0x80;
    }
    throw new ProtocolError('bad-varint', 'varint longer than 8 bytes');
  }

  int(): number {
    const zigzag = this.uint();
    return zigzag % 2 === 0 ? zigzag / 2 : -(zigzag + 1) / 2;
  }

  /**
   * A count of items that each take at least `minBytesEach` bytes: refused when the rest of the
   * frame could not hold them, so no decoder ever allocates for items that are not there.
   */
  count(minBytesEach = 1): number {
    const n = this.uint();
    if (n * minBytesEach > this.remaining) {
      throw new ProtocolError('bad-length', `count ${n} exceeds what the frame can hold`);
    }
    return n;
  }

  bytes(length: number): Uint8Array {
    if (length > this.remaining) throw new ProtocolError('bad-length', `length ${length} exceeds the frame`);
    const slice = this.data.subarray(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }

  /** A length-prefixed UTF-8 string of at most `maxBytes` bytes. */
  text(maxBytes = Number.MAX_SAFE_INTEGER): string {
    const length = this.uint();
    if (length > maxBytes) throw new ProtocolError('bad-length', `string of ${length} bytes exceeds ${maxBytes}`);
    if (length > this.remaining) throw new ProtocolError('bad-length', `length ${length} exceeds the frame`);
    const start = this.offset;
    const end = start + length;
    if (this.latin1 !== null) {
      // ASCII (nearly every name and comment) is the same in Latin-1: no view, no decoder call.
      const data = this.data;
      let at = start;
      while (at < end && data[at]! < 0x80) at++;
      if (at === end) {
        this.offset = end;
        return this.latin1.toString('latin1', start, end);
      }
    }
    const raw = this.bytes(length);
    // TextDecoder otherwise: measured on 5–60 byte ASCII strings (the names and comments of a
    // snapshot) it is about three times as fast as String.fromCharCode over the bytes.
    try {
      return decoder.decode(raw);
    } catch {
      throw new ProtocolError('bad-utf8', 'string is not valid UTF-8');
    }
  }

  expectEnd(): void {
    if (this.remaining !== 0) throw new ProtocolError('trailing-bytes', `${this.remaining} bytes after the message`);
  }
}
