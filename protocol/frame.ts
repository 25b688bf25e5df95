/**
 * Frames: the header of opcodes.ts around a message body, the string tables that live across
 * frames, and compression. `encodeMessage`/`decodeMessage` handle self-contained frames (agent
 * requests and replies, errors, history); `StreamEncoder`/`FrameDecoder` handle the streams a
 * gateway publishes to many subscribers at once.
 */
import { ByteReader, ByteWriter } from './bytes.ts';
import { COMPRESS_MIN_BYTES, fflateDeflate, fflateInflate, inflate, type Deflate, type Inflate } from './compression.ts';
import type { Message } from './messages.ts';
import { OPCODE_OF, readBody, writeBody } from './message-codec.ts';
import { FrameFlag, KNOWN_FLAGS, PROTOCOL_VERSION } from './opcodes.ts';
import { ProtocolError } from './protocol-error.ts';
import { StringTable } from './string-table.ts';

const MAX_STREAM_KEY_BYTES = 1024;
const MAX_STREAMS = 4096;

export interface EncodeOptions {
  /** The DEFLATE to use for large frames, or false to never compress. Default: fflate. */
  deflate?: Deflate | false;
}

export interface DecodeOptions {
  /** The inflate to use for compressed frames. Default: fflate; Node callers pass zlib's
   * (`nodeInflate`, protocol/deflate-node.ts), about twice as fast. */
  inflate?: Inflate;
}

/**
 * One payload buffer for every encode of the process. Frames are built synchronously and copied
 * or compressed out of it, so one buffer serves them all; reusing it spares the allocation and
 * the doublings of a fresh 0.5 MiB buffer per snapshot, which on this project's machines cost
 * as much as a fifth of a snapshot's encode. It is taken out while in use (a nested encode gets
 * a fresh one) and dropped when an unusually large frame made it big.
 */
let scratch: ByteWriter | null = null;
const SCRATCH_KEEP_BYTES = 16 << 20;

function takeWriter(): ByteWriter {
  const writer = scratch ?? new ByteWriter(64 << 10);
  scratch = null;
  writer.reset();
  return writer;
}

function returnWriter(writer: ByteWriter): void {
  if (writer.capacity <= SCRATCH_KEEP_BYTES) scratch = writer;
}

/** How a stream frame that continues its table is compressed (FrameFlag.Primed). */
interface Priming {
  /** Bytes at the start of the payload that hold the stream key, left outside the DEFLATE. */
  keyBytes: number;
  /** The table's recent text, as it stood before this frame. */
  dictionary: Uint8Array;
}

function header(frame: Uint8Array, message: Message, flags: number): void {
  frame[0] = PROTOCOL_VERSION;
  frame[1] = OPCODE_OF[message.type];
  frame[2] = flags;
}

/** Puts the header before the payload, compressing the payload when that pays. */
function finishFrame(message: Message, flags: number, payload: Uint8Array, deflate: Deflate | false, priming: Priming | null = null): Uint8Array {
  if (deflate && payload.length >= COMPRESS_MIN_BYTES) {
    const outside = priming ? payload.subarray(0, priming.keyBytes) : payload.subarray(0, 0);
    const body = priming ? payload.subarray(priming.keyBytes) : payload;
    const compressed = priming ? deflate(body, priming.dictionary) : deflate(body);
    if (compressed.length + 8 < body.length * 0.92) {
      const lengthPrefix = new ByteWriter(8);
      lengthPrefix.uint(body.length);
      const prefix = lengthPrefix.finish();
      const frame = new Uint8Array(3 + outside.length + prefix.length + compressed.length);
      header(frame, message, flags | FrameFlag.Deflate | (priming ? FrameFlag.Primed : 0));
      frame.set(outside, 3);
      frame.set(prefix, 3 + outside.length);
      frame.set(compressed, 3 + outside.length + prefix.length);
      return frame;
    }
  }
  const frame = new Uint8Array(3 + payload.length);
  header(frame, message, flags);
  frame.set(payload, 3);
  return frame;
}

/** A self-contained frame: its strings are interned within the frame only. */
export function encodeMessage(message: Message, options: EncodeOptions = {}): Uint8Array {
  const payload = takeWriter();
  try {
    writeBody(payload, new StringTable(), message);
    return finishFrame(message, 0, payload.finish(), options.deflate ?? fflateDeflate);
  } finally {
    returnWriter(payload);
  }
}

/** Decodes a self-contained frame, or a stream frame that carries its whole table (RESET/DUMP). */
export function decodeMessage(bytes: Uint8Array, options: DecodeOptions = {}): Message {
  return new FrameDecoder(options).decode(bytes).message;
}

/**
 * Encodes one stream (one gateway topic): every subscriber receives the same bytes and so grows
 * the same table. Invariant kept by publishing every state through `encode`: the table holds every
 * string of the current state, so a joiner's frame (`encodeForJoin`) needs no new string.
 */
export class StreamEncoder {
  private readonly table = new StringTable();
  private sizeAfterReset = 0;
  private readonly deflate: Deflate | false;

  constructor(
    readonly key: string,
    options: EncodeOptions = {},
  ) {
    this.deflate = options.deflate ?? fflateDeflate;
  }

  /** Strings the stream's table holds. */
  get tableSize(): number {
    return this.table.size;
  }

  /** True when the table has grown well past what the current state needs: publish with reset. */
  get needsReset(): boolean {
    return this.table.size > 3 * this.sizeAfterReset + 10_000;
  }

  encode(message: Message, options: { reset?: boolean } = {}): Uint8Array {
    const payload = takeWriter();
    try {
      payload.text(this.key);
      const keyBytes = payload.finish().length;
      if (options.reset) this.table.clear();
      // A frame that continues the table is compressed primed with the table's recent text, which
      // every subscriber holds: the new job names and comments of a delta resemble the last ones.
      const dictionary = this.deflate && !options.reset ? this.table.recentText() : null;
      const sizeBefore = this.table.size;
      try {
        writeBody(payload, this.table, message);
      } catch (error) {
        this.table.truncate(sizeBefore);
        throw error;
      }
      if (options.reset) this.sizeAfterReset = this.table.size;
      const priming = dictionary && dictionary.length > 0 ? { keyBytes, dictionary } : null;
      return finishFrame(message, FrameFlag.Stream | (options.reset ? FrameFlag.Reset : 0), payload.finish(), this.deflate, priming);
    } finally {
      returnWriter(payload);
    }
  }

  /** The first frame for a new subscriber: the table so far, then the message. Throws when the
   * message holds a string the stream never published (publish it with `reset` instead). */
  encodeForJoin(message: Message): Uint8Array {
    const payload = takeWriter();
    try {
      payload.text(this.key);
      payload.uint(this.table.size);
      for (const value of this.table.strings) payload.text(value);
      const sizeBefore = this.table.size;
      writeBody(payload, this.table, message);
      if (this.table.size !== sizeBefore) {
        this.table.truncate(sizeBefore);
        throw new Error(`stream ${this.key}: message holds strings the stream never published`);
      }
      return finishFrame(message, FrameFlag.Stream | FrameFlag.Dump, payload.finish(), this.deflate);
    } finally {
      returnWriter(payload);
    }
  }
}

export interface DecodedFrame {
  message: Message;
  /** The stream the frame belongs to, or null for a self-contained frame. */
  stream: string | null;
}

/** Decodes the frames of one connection, keeping one string table per stream. */
export class FrameDecoder {
  private readonly streams = new Map<string, StringTable>();
  private readonly inflate: Inflate;

  constructor(options: DecodeOptions = {}) {
    this.inflate = options.inflate ?? fflateInflate;
  }

  decode(bytes: Uint8Array): DecodedFrame {
    const header = new ByteReader(bytes);
    const version = header.u8();
    if (version !== PROTOCOL_VERSION) {
      throw new ProtocolError('unsupported-version', `protocol version ${version}, expected ${PROTOCOL_VERSION}`);
    }
    const opcode = header.u8();
    const flags = header.u8();
    if ((flags & ~KNOWN_FLAGS) !== 0) throw new ProtocolError('bad-flags', `unknown flags 0x${flags.toString(16)}`);
    if (flags & FrameFlag.Primed) return this.decodePrimed(header, opcode, flags);
    let r = header;
    if (flags & FrameFlag.Deflate) {
      const inflatedLength = header.uint();
      r = new ByteReader(inflate(header.bytes(header.remaining), inflatedLength, this.inflate));
    }

    const isStream = (flags & FrameFlag.Stream) !== 0;
    if (!isStream) {
      if ((flags & (FrameFlag.Reset | FrameFlag.Dump)) !== 0) throw new ProtocolError('bad-flags', 'reset or dump outside a stream');
      const message = readBody(r, new StringTable(), opcode);
      r.expectEnd();
      return { message, stream: null };
    }

    const key = r.text(MAX_STREAM_KEY_BYTES);
    let table: StringTable;
    let replaces = false;
    if (flags & FrameFlag.Dump) {
      table = new StringTable();
      const n = r.count(1);
      for (let i = 0; i < n; i++) table.append(r.text());
      replaces = true;
    } else if (flags & FrameFlag.Reset) {
      table = new StringTable();
      replaces = true;
    } else {
      table = this.existingTable(key);
    }
    if (replaces && !this.streams.has(key) && this.streams.size >= MAX_STREAMS) {
      throw new ProtocolError('string-table-full', 'too many streams');
    }
    return this.decodeBody(r, table, opcode, key, replaces);
  }

  /** A frame that continues its stream's table, compressed primed with that table's text. */
  private decodePrimed(header: ByteReader, opcode: number, flags: number): DecodedFrame {
    const required = FrameFlag.Stream | FrameFlag.Deflate;
    if ((flags & required) !== required || (flags & (FrameFlag.Reset | FrameFlag.Dump)) !== 0) {
      throw new ProtocolError('bad-flags', 'a primed frame continues a stream and is compressed');
    }
    const key = header.text(MAX_STREAM_KEY_BYTES);
    const table = this.existingTable(key);
    const inflatedLength = header.uint();
    const dictionary = table.recentText();
    const body = inflate(header.bytes(header.remaining), inflatedLength, this.inflate, dictionary.length > 0 ? dictionary : undefined);
    return this.decodeBody(new ByteReader(body), table, opcode, key, false);
  }

  private existingTable(key: string): StringTable {
    const existing = this.streams.get(key);
    if (!existing) throw new ProtocolError('unknown-stream', `frame for stream ${key} before its start`);
    return existing;
  }

  private decodeBody(r: ByteReader, table: StringTable, opcode: number, key: string, replaces: boolean): DecodedFrame {
    const sizeBefore = table.size;
    try {
      const message = readBody(r, table, opcode);
      r.expectEnd();
      if (replaces) this.streams.set(key, table);
      return { message, stream: key };
    } catch (error) {
      if (!replaces) table.truncate(sizeBefore);
      throw error;
    }
  }

  /** Drops a stream's table (the client unsubscribed or will resubscribe). */
  forget(stream: string): void {
    this.streams.delete(stream);
  }

  clear(): void {
    this.streams.clear();
  }
}
