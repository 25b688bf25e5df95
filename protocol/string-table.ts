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

export class StringTable {
  readonly strings: string[] = [];
  private readonly index = new Map<string, number>();
  private chars = 0;

  get size(): number {
    return this.strings.length;
  }

  has(value: string): boolean {
    return this.index.has(value);
  }

  add(value: string): void {
    if (this.strings.length >= MAX_TABLE_STRINGS || this.chars + value.length > MAX_TABLE_BYTES) {
      throw new ProtocolError('string-table-full', 'string table exceeds its bound');
    }
    this.index.set(value, this.strings.length);
    this.strings.push(value);
    this.chars += value.length;
  }

  clear(): void {
    this.strings.length = 0;
    this.index.clear();
    this.chars = 0;
  }

  /** Forgets every string from index `size` on: undoes what a failed frame added. */
  truncate(size: number): void {
    while (this.strings.length > size) {
      const value = this.strings.pop()!;
      if (this.index.get(value) === this.strings.length) this.index.delete(value);
      this.chars -= value.length;
    }
  }

  write(writer: ByteWriter, value: string): void {
    const at = this.index.get(value);
    if (at !== undefined) {
      writer.uint(at + 1);
      return;
    }
    writer.uint(0);
    writer.text(value);
    this.add(value);
  }

  writeNullable(writer: ByteWriter, value: string | null): void {
    if (value === null) {
      writer.uint(0);
      return;
    }
    const at = this.index.get(value);
    if (at !== undefined) {
      writer.uint(at + 2);
      return;
    }
    writer.uint(1);
    writer.text(value);
    this.add(value);
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
