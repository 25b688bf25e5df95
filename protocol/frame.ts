/**
 * Frames: the header of opcodes.ts around a message body, and the string tables that live across
 * frames. `encodeMessage`/`decodeMessage` handle self-contained frames (agent requests and
 * replies, errors, history); `StreamEncoder`/`FrameDecoder` handle the streams a gateway
 * publishes to many subscribers at once.
 */
import { ByteReader, ByteWriter } from './bytes.ts';
import type { Message } from './messages.ts';
import { OPCODE_OF, readBody, writeBody } from './message-codec.ts';
import { FrameFlag, KNOWN_FLAGS, PROTOCOL_VERSION } from './opcodes.ts';
import { ProtocolError } from './protocol-error.ts';
import { StringTable } from './string-table.ts';

const MAX_STREAM_KEY_BYTES = 1024;
const MAX_STREAMS = 4096;

function header(w: ByteWriter, message: Message, flags: number): void {
  w.u8(PROTOCOL_VERSION);
  w.u8(OPCODE_OF[message.type]);
  w.u8(flags);
}

/** A self-contained frame: its strings are interned within the frame only. */
export function encodeMessage(message: Message): Uint8Array {
  const w = new ByteWriter();
  header(w, message, 0);
  writeBody(w, new StringTable(), message);
  return w.finish();
}

/** Decodes a self-contained frame, or a stream frame that carries its whole table (RESET/DUMP). */
export function decodeMessage(bytes: Uint8Array): Message {
  return new FrameDecoder().decode(bytes).message;
}

/**
 * Encodes one stream (one gateway topic): every subscriber receives the same bytes and so grows
 * the same table. Invariant kept by publishing every state through `encode`: the table holds every
 * string of the current state, so a joiner's frame (`encodeForJoin`) needs no new string.
 */
export class StreamEncoder {
  private readonly table = new StringTable();
  private sizeAfterReset = 0;

  constructor(readonly key: string) {}

  /** Strings the stream's table holds. */
  get tableSize(): number {
    return this.table.size;
  }

  /** True when the table has grown well past what the current state needs: publish with reset. */
  get needsReset(): boolean {
    return this.table.size > 3 * this.sizeAfterReset + 10_000;
  }

  encode(message: Message, options: { reset?: boolean } = {}): Uint8Array {
    const w = new ByteWriter();
    header(w, message, FrameFlag.Stream | (options.reset ? FrameFlag.Reset : 0));
    w.text(this.key);
    if (options.reset) this.table.clear();
    const sizeBefore = this.table.size;
    try {
      writeBody(w, this.table, message);
    } catch (error) {
      this.table.truncate(sizeBefore);
      throw error;
    }
    if (options.reset) this.sizeAfterReset = this.table.size;
    return w.finish();
  }

  /** The first frame for a new subscriber: the table so far, then the message. Throws when the
   * message holds a string the stream never published (publish it with `reset` instead). */
  encodeForJoin(message: Message): Uint8Array {
    const w = new ByteWriter();
    header(w, message, FrameFlag.Stream | FrameFlag.Dump);
    w.text(this.key);
    w.uint(this.table.size);
    for (const value of this.table.strings) w.text(value);
    const sizeBefore = this.table.size;
    writeBody(w, this.table, message);
    if (this.table.size !== sizeBefore) {
      this.table.truncate(sizeBefore);
      throw new Error(`stream ${this.key}: message holds strings the stream never published`);
    }
    return w.finish();
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

  decode(bytes: Uint8Array): DecodedFrame {
    const r = new ByteReader(bytes);
    const version = r.u8();
    if (version !== PROTOCOL_VERSION) {
      throw new ProtocolError('unsupported-version', `protocol version ${version}, expected ${PROTOCOL_VERSION}`);
    }
    const opcode = r.u8();
    const flags = r.u8();
    if ((flags & ~KNOWN_FLAGS) !== 0) throw new ProtocolError('bad-flags', `unknown flags 0x${flags.toString(16)}`);
    const isStream = (flags & FrameFlag.Stream) !== 0;
    if (!isStream) {
      if (flags !== 0) throw new ProtocolError('bad-flags', 'reset or dump outside a stream');
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
      for (let i = 0; i < n; i++) table.add(r.text());
      replaces = true;
    } else if (flags & FrameFlag.Reset) {
      table = new StringTable();
      replaces = true;
    } else {
      const existing = this.streams.get(key);
      if (!existing) throw new ProtocolError('unknown-stream', `frame for stream ${key} before its start`);
      table = existing;
    }
    if (replaces && !this.streams.has(key) && this.streams.size >= MAX_STREAMS) {
      throw new ProtocolError('string-table-full', 'too many streams');
    }

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
