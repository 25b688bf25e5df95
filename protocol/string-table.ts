/**
 * Interned strings (DESIGN.md "Wire protocol"): a string is sent once, inline, where it is first
 * used, and afterwards referred to by its index. Writer and reader grow identical tables as long
 * as they see the same frames in the same order; a frame flag resets both (see opcodes.ts).
 *
 * Reference encoding, one varint: 0 = a new string follows (length, UTF-8) and takes the next
 * index; k >= 1 = the string at index k - 1. Nullable references shift by one: 0 = null.
 */
import type { ByteReader, ByteWriter } from './bytes.ts';
import { ProtocolError } from './protocol-error.ts';

/** A reader refuses to hold more than this; a writer resets long before (see stream-encoder). */
export const MAX_TABLE_STRINGS = 1 << 20;
export const MAX_TABLE_BYTES = 64 << 20;

/** Writers spread their value → index map over this many Maps, chosen by string length. One Map
 * of a snapshot's ~9,000 strings outgrows the regular heap pages (V8 moves a table above ~4,096
 * entries to the large-object space) and filling it cost twice as much as filling 16 smaller ones. */
const INDEX_SHARDS = 16;
/** How much of a table's text primes a stream frame's DEFLATE: all that DEFLATE's 32 KiB window
 * can reach (on the synthetic cluster's deltas 8 KiB gains four fifths of what 32 KiB gains). */
const RECENT_TEXT_BYTES = 32 << 10;
const encoder = new TextEncoder();

export class StringTable {
  readonly strings: string[] = [];
  /** The writers' value → index map, by `length % INDEX_SHARDS`; readers never fill it. */
  private index: Map<string, number>[] | null = null;
  private chars = 0;

  get size(): number {
    return this.strings.length;
  }

  private shards(): Map<string, number>[] {
    if (this.index === null) this.index = Array.from({ length: INDEX_SHARDS }, () => new Map<string, number>());
    return this.index;
  }

  /** Adds a string on the writing side and returns its index. */
  add(value: string): number {
    if (this.strings.length >= MAX_TABLE_STRINGS || this.chars + value.length > MAX_TABLE_BYTES) {
      throw new ProtocolError('string-table-full', 'string table exceeds its bound');
    }
    const at = this.strings.length;
    this.shards()[value.length % INDEX_SHARDS]!.set(value, at);
    this.strings.push(value);
    this.chars += value.length;
    return at;
  }

  clear(): void {
    this.strings.length = 0;
    this.index = null;
    this.chars = 0;
  }

  /** Forgets every string from index `size` on: undoes what a failed frame added. */
  truncate(size: number): void {
    while (this.strings.length > size) {
      const value = this.strings.pop()!;
      const shard = this.index?.[value.length % INDEX_SHARDS];
      if (shard?.get(value) === this.strings.length) shard.delete(value);
      this.chars -= value.length;
    }
  }

  /** Writes a reference to `value` (inline when new) and returns the index it has in the table. */
  write(writer: ByteWriter, value: string): number {
    const shard = this.shards()[value.length % INDEX_SHARDS]!;
    const at = shard.get(value);
    if (at !== undefined) {
      writer.uint(at + 1);
      return at;
    }
    writer.uint(0);
    writer.text(value);
    return this.add(value);
  }

  /** As `write`, with null as reference 0; returns the index, or -1 for null. */
  writeNullable(writer: ByteWriter, value: string | null): number {
    if (value === null) {
      writer.uint(0);
      return -1;
    }
    const shard = this.shards()[value.length % INDEX_SHARDS]!;
    const at = shard.get(value);
    if (at !== undefined) {
      writer.uint(at + 2);
      return at;
    }
    writer.uint(1);
    writer.text(value);
    return this.add(value);
  }

  /**
   * The table's recent text: its strings joined by newlines, as UTF-8, the last
   * RECENT_TEXT_BYTES of it (fewer when the table holds less). Writer and reader of a stream
   * compute it from identical tables, so it can prime their DEFLATE (FrameFlag.Primed).
   */
  recentText(): Uint8Array {
    const strings = this.strings;
    // Enough strings from the end that their joined text has more than RECENT_TEXT_BYTES UTF-16 units,
    // so at least as many UTF-8 bytes; the cut below then falls inside them.
    let first = strings.length;
    let units = 0;
    while (first > 0 && units <= RECENT_TEXT_BYTES) {
      first--;
      units += strings[first]!.length + 1;
    }
    let text = '';
    for (let at = first; at < strings.length; at++) text += at === first ? strings[at] : `\n${strings[at]}`;
    const bytes = encoder.encode(text);
    return bytes.length > RECENT_TEXT_BYTES ? bytes.subarray(bytes.length - RECENT_TEXT_BYTES) : bytes;
  }

  read(reader: ByteReader): string {
    const ref = reader.uint();
    if (ref === 0) return this.readNew(reader);
    return this.lookup(ref - 1);
  }

  readNullable(reader: ByteReader): string | null {
    const ref = reader.uint();
    if (ref === 0) return null;
    if (ref === 1) return this.readNew(reader);
    return this.lookup(ref - 2);
  }

  private readNew(reader: ByteReader): string {
    const value = reader.text();
    this.append(value);
    return value;
  }

  /** Adds a string on the reading side. Readers only look strings up by position: the value →
   * index map is the writers' alone, and skipping it halves the cost of a decode. */
  append(value: string): void {
    this.strings.push(value);
    this.chars += value.length;
    if (this.strings.length > MAX_TABLE_STRINGS || this.chars > MAX_TABLE_BYTES) {
      throw new ProtocolError('string-table-full', 'string table exceeds its bound');
    }
  }

  private lookup(at: number): string {
    const value = this.strings[at];
    if (value === undefined) throw new ProtocolError('bad-string-ref', `no string at index ${at}`);
    return value;
  }
}
