/**
 * Encodes records described by a Schema: whole lists as columns (all ids, then all states, ...),
 * which keeps like values together and lets times and job numbers go as small differences; single
 * records and partial records (only the fields a delta changes) field by field.
 *
 * Hot path: a 10,000-job snapshot is 200,000 values. Each field kind has one specialised column
 * loop, chosen once per column, that allocates nothing per value besides the decoded value.
 */
import type { ByteReader, ByteWriter } from './bytes.ts';
import { ProtocolError } from './protocol-error.ts';
import type { FieldKind, Schema } from './record-schema.ts';
import { recordShapeOf, type Columns, type RecordShape } from './record-shapes.ts';
import type { StringTable } from './string-table.ts';

type AnyRecord = Record<string, unknown>;

/** Running state of one column: differences are written against the previous value. */
interface ColumnState {
  previousTime: number;
  previousJobNumber: number;
  previousSuffix: string | null;
}

/**
 * The job ids that pack, as a pattern (writeJobId scans for it by hand, without allocating):
 * `^(0|[1-9]\d{0,13})(?:\[(|0|[1-9]\d{0,13})\])?(.*)$`. Numbers of up to 14 digits pack: their
 * differences, zigzagged and shifted, stay below 2^53.
 */
const MAX_JOB_NUMBER = 99_999_999_999_999;
/** Job id packing, one varint: zigzag(number difference) * 8 + shape * 2 + (suffix repeats). */
const SHAPE_RAW = 0;
const SHAPE_PLAIN = 1;
const SHAPE_PARENT = 2;
const SHAPE_SUBJOB = 3;

function zigzag(value: number): number {
  return value >= 0 ? value * 2 : -value * 2 - 1;
}

function unzigzag(value: number): number {
  return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
}

/**
 * Sizes: the largest power of 1024 dividing the value is factored out (`32 GiB` → 32, unit 3),
 * packed as `scaled * 6 + unit + 1`; 0 is null, and 6 (unit 5) escapes to a plain varint for sizes
 * too large to pack.
 */
const SIZE_ESCAPE = 6;
const SIZE_UNITS = [1, 1024, 1024 ** 2, 1024 ** 3, 1024 ** 4];

function writeSize(w: ByteWriter, value: number | null): void {
  if (value === null) {
    w.uint(0);
    return;
  }
  let unit = 0;
  let scaled = value;
  while (unit < 4 && scaled >= 1024 && scaled % 1024 === 0) {
    scaled /= 1024;
    unit++;
  }
  const packed = scaled * 6 + unit + 1;
  if (Number.isSafeInteger(packed)) {
    w.uint(packed);
  } else {
    w.uint(SIZE_ESCAPE);
    w.uint(value);
  }
}

function readSize(r: ByteReader): number | null {
  const v = r.uint();
  if (v === 0) return null;
  if (v === SIZE_ESCAPE) return r.uint();
  const unit = (v - 1) % 6;
  if (unit === 5) throw new ProtocolError('bad-value', 'size unit out of range');
  const value = Math.floor((v - 1) / 6) * SIZE_UNITS[unit]!;
  if (!Number.isSafeInteger(value)) throw new ProtocolError('bad-value', 'size out of range');
  return value;
}

function writeTime(w: ByteWriter, value: number | null, column: ColumnState): void {
  if (value === null) {
    w.uint(0);
    return;
  }
  w.uint(zigzag(value - column.previousTime) + 1);
  column.previousTime = value;
}

function readTime(r: ByteReader, column: ColumnState): number | null {
  const v = r.uint();
  if (v === 0) return null;
  const t = column.previousTime + unzigzag(v - 1);
  if (!Number.isSafeInteger(t)) throw new ProtocolError('bad-value', 'time out of range');
  column.previousTime = t;
  return t;
}

const DIGIT_0 = 48;
const DIGIT_9 = 57;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const MAX_JOB_DIGITS = 14;

/**
 * Reads the digits of a job number or array index starting at `from`, as the pattern above does:
 * `0`, or up to 14 digits without a leading zero. Sets `parsed.value` and returns the position
 * after the digits, or `from` when there are none.
 */
function scanNumber(id: string, from: number, parsed: { value: number }): number {
  const first = id.charCodeAt(from);
  if (first === DIGIT_0) {
    parsed.value = 0;
    return from + 1;
  }
  if (!(first > DIGIT_0 && first <= DIGIT_9)) return from;
  let value = first - DIGIT_0;
  let at = from + 1;
  const end = Math.min(id.length, from + MAX_JOB_DIGITS);
  while (at < end) {
    const code = id.charCodeAt(at);
    if (code < DIGIT_0 || code > DIGIT_9) break;
    value = value * 10 + (code - DIGIT_0);
    at++;
  }
  parsed.value = value;
  return at;
}

/** Scratch results of scanNumber: one object reused, so parsing a column allocates nothing. */
const jobNumber = { value: 0 };
const arrayIndex = { value: 0 };

/**
 * Packs an id of the shape the pattern above describes (number, optional `[]` or `[index]`, suffix)
 * by scanning its characters: the regex allocated a match and three strings per job, and a
 * snapshot's ids share one suffix, which is compared in place rather than cut out.
 */
function writeJobId(w: ByteWriter, table: StringTable, id: string, column: ColumnState): void {
  const afterNumber = scanNumber(id, 0, jobNumber);
  if (afterNumber === 0) {
    w.uint(SHAPE_RAW * 2);
    table.write(w, id);
    return;
  }
  let shape = SHAPE_PLAIN;
  let suffixAt = afterNumber;
  if (id.charCodeAt(afterNumber) === OPEN_BRACKET) {
    if (id.charCodeAt(afterNumber + 1) === CLOSE_BRACKET) {
      shape = SHAPE_PARENT;
      suffixAt = afterNumber + 2;
    } else {
      const afterIndex = scanNumber(id, afterNumber + 1, arrayIndex);
      if (afterIndex > afterNumber + 1 && id.charCodeAt(afterIndex) === CLOSE_BRACKET) {
        shape = SHAPE_SUBJOB;
        suffixAt = afterIndex + 1;
      }
    }
  }
  const previous = column.previousSuffix;
  const repeats = previous !== null && id.length - suffixAt === previous.length && id.startsWith(previous, suffixAt);
  const number = jobNumber.value;
  w.uint(zigzag(number - column.previousJobNumber) * 8 + shape * 2 + (repeats ? 1 : 0));
  column.previousJobNumber = number;
  if (shape === SHAPE_SUBJOB) w.uint(arrayIndex.value);
  if (!repeats) {
    const suffix = id.slice(suffixAt);
    table.write(w, suffix);
    column.previousSuffix = suffix;
  }
}

function readJobId(r: ByteReader, table: StringTable, column: ColumnState): string {
  const packed = r.uint();
  const shape = Math.floor(packed / 2) % 4;
  const repeats = packed % 2 === 1;
  if (shape === SHAPE_RAW) {
    if (packed !== 0) throw new ProtocolError('bad-value', 'raw job id with packed bits');
    return table.read(r);
  }
  const number = column.previousJobNumber + unzigzag(Math.floor(packed / 8));
  if (!Number.isSafeInteger(number) || number < 0 || number > MAX_JOB_NUMBER) {
    throw new ProtocolError('bad-value', 'job number out of range');
  }
  column.previousJobNumber = number;
  let arrayPart = '';
  if (shape === SHAPE_PARENT) arrayPart = '[]';
  else if (shape === SHAPE_SUBJOB) {
    const index = r.uint();
    if (index > MAX_JOB_NUMBER) throw new ProtocolError('bad-value', 'array index out of range');
    arrayPart = `[${index}]`;
  }
  let suffix: string;
  if (repeats) {
    if (column.previousSuffix === null) throw new ProtocolError('bad-value', 'job id repeats a suffix never sent');
    suffix = column.previousSuffix;
  } else {
    suffix = table.read(r);
    column.previousSuffix = suffix;
  }
  return `${number}${arrayPart}${suffix}`;
}

function writeValue(w: ByteWriter, table: StringTable, kind: FieldKind, value: unknown, column: ColumnState): void {
  switch (kind.type) {
    case 'string':
      table.write(w, value as string);
      return;
    case 'nullable-string':
      table.writeNullable(w, value as string | null);
      return;
    case 'uint':
      w.uint(value as number);
      return;
    case 'nullable-uint':
      w.uint(value === null ? 0 : (value as number) + 1);
      return;
    case 'nullable-int':
      w.uint(value === null ? 0 : zigzag(value as number) + 1);
      return;
    case 'size':
      writeSize(w, value as number | null);
      return;
    case 'time':
      writeTime(w, value as number | null, column);
      return;
    case 'bool':
      w.u8(value ? 1 : 0);
      return;
    case 'enum': {
      const at = kind.values.indexOf(value as string);
      if (at < 0) throw new RangeError(`not one of ${kind.values.join(', ')}: ${String(value)}`);
      w.uint(at);
      return;
    }
    case 'enum-set': {
      let mask = 0;
      for (const item of value as string[]) {
        const at = kind.values.indexOf(item);
        if (at < 0) throw new RangeError(`not one of ${kind.values.join(', ')}: ${item}`);
        mask |= 1 << at;
      }
      w.uint(mask);
      return;
    }
    case 'string-list': {
      const list = value as string[];
      w.uint(list.length);
      for (const item of list) table.write(w, item);
      return;
    }
    case 'string-map': {
      const entries = Object.entries(value as Record<string, string>);
      w.uint(entries.length);
      for (const [key, item] of entries) {
        table.write(w, key);
        table.write(w, item);
      }
      return;
    }
    case 'counts':
      for (const key of kind.keys) w.uint((value as Record<string, number>)[key]!);
      return;
    case 'job-id':
      writeJobId(w, table, value as string, column);
      return;
  }
}

function readValue(r: ByteReader, table: StringTable, kind: FieldKind, column: ColumnState): unknown {
  switch (kind.type) {
    case 'string':
      return table.read(r);
    case 'nullable-string':
      return table.readNullable(r);
    case 'uint':
      return r.uint();
    case 'nullable-uint': {
      const v = r.uint();
      return v === 0 ? null : v - 1;
    }
    case 'nullable-int': {
      const v = r.uint();
      return v === 0 ? null : unzigzag(v - 1);
    }
    case 'size':
      return readSize(r);
    case 'time':
      return readTime(r, column);
    case 'bool': {
      const v = r.u8();
      if (v > 1) throw new ProtocolError('bad-value', `boolean byte ${v}`);
      return v === 1;
    }
    case 'enum': {
      const at = r.uint();
      const value = kind.values[at];
      if (value === undefined) throw new ProtocolError('bad-enum', `enum index ${at} out of range`);
      return value;
    }
    case 'enum-set': {
      const mask = r.uint();
      if (mask >= 1 << kind.values.length) throw new ProtocolError('bad-enum', `set mask ${mask} out of range`);
      const set: string[] = [];
      for (let at = 0; at < kind.values.length; at++) if ((mask & (1 << at)) !== 0) set.push(kind.values[at]!);
      return set;
    }
    case 'string-list': {
      const n = r.count(1);
      const list: string[] = new Array(n);
      for (let i = 0; i < n; i++) list[i] = table.read(r);
      return list;
    }
    case 'string-map': {
      const n = r.count(2);
      const entries: [string, string][] = new Array(n);
      for (let i = 0; i < n; i++) entries[i] = [table.read(r), table.read(r)];
      return Object.fromEntries(entries);
    }
    case 'counts': {
      const counts: Record<string, number> = {};
      for (const key of kind.keys) counts[key] = r.uint();
      return counts;
    }
    case 'job-id':
      return readJobId(r, table, column);
  }
}

function freshColumn(baseTime: number): ColumnState {
  return { previousTime: baseTime, previousJobNumber: 0, previousSuffix: null };
}

/** Smallest number of bytes any record of the schema takes, to bound counts read from a frame. */
function minimumBytes<T>(schema: Schema<T>): number {
  let total = 0;
  for (const field of schema) total += field.kind.type === 'counts' ? field.kind.keys.length : 1;
  return total;
}

/**
 * Column arrays reused by every list written (or read): a list's records are copied into them
 * field by field (record-shapes.ts), so the column loops below read plain arrays. Kept between
 * calls so that a snapshot allocates none; emptied after each use so they hold no strings of an
 * old snapshot alive; not kept for lists longer than MAX_KEPT_ROWS, which get arrays of their own.
 */
class ColumnScratch {
  private columns: Columns = [];
  private rows = 0;

  take(fields: number, rows: number): Columns {
    if (rows > MAX_KEPT_ROWS) return Array.from({ length: fields }, () => anyArray(rows));
    if (rows > this.rows) {
      this.rows = Math.max(rows, 2 * this.rows, 64);
      this.columns = [];
    }
    while (this.columns.length < fields) this.columns.push(anyArray(this.rows));
    return this.columns;
  }

  /** Forgets the strings, lists and objects the columns held. */
  release(columns: Columns, plan: ListPlan<unknown>, rows: number): void {
    if (columns !== this.columns) return;
    for (const k of plan.holding) columns[k]!.fill(undefined, 0, rows);
  }
}

/** What the list codec needs of a schema, worked out once per schema (these lookups, made per
 * list, were slow: the field kinds are objects of three shapes). */
interface ListPlan<T> {
  shape: RecordShape<T>;
  /** The least bytes a record takes, to bound counts read from a frame. */
  minimumBytes: number;
  /** Columns whose values may hold objects alive (numbers, booleans and enum names do not). */
  holding: number[];
}

const HOLDS_NOTHING = new Set<FieldKind['type']>(['uint', 'nullable-uint', 'nullable-int', 'size', 'time', 'bool', 'enum']);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const plans = new WeakMap<Schema<any>, ListPlan<any>>();

function planOf<T>(schema: Schema<T>): ListPlan<T> {
  let plan = plans.get(schema) as ListPlan<T> | undefined;
  if (!plan) {
    const holding: number[] = [];
    schema.forEach((field, k) => {
      if (!HOLDS_NOTHING.has(field.kind.type)) holding.push(k);
    });
    plan = { shape: recordShapeOf(schema), minimumBytes: minimumBytes(schema), holding };
    plans.set(schema, plan);
  }
  return plan;
}

const MAX_KEPT_ROWS = 1 << 15;

/** An array that holds any value from the start: one that began with small integers would be
 * converted (backing store and all) the first time a column put a string or a large number in it,
 * and its code deoptimised each time another column did. */
function anyArray(length: number): unknown[] {
  return new Array<unknown>(length).fill(undefined);
}
const writeScratch = new ColumnScratch();
const readScratch = new ColumnScratch();

export function writeRecords<T>(w: ByteWriter, table: StringTable, schema: Schema<T>, records: readonly T[], baseTime: number): void {
  const n = records.length;
  w.uint(n);
  if (n === 0) return;
  const fields = schema.length;
  const plan = planOf(schema);
  const columns = writeScratch.take(fields, n);
  try {
    const shape = plan.shape;
    for (let i = 0; i < n; i++) shape.scatter(records[i]!, columns, i);
    for (let k = 0; k < fields; k++) writeColumn(w, table, schema[k]!.kind, columns[k]!, n, baseTime);
  } finally {
    writeScratch.release(columns, plan as ListPlan<unknown>, n);
  }
}

/** One column: the commonest kinds get their own loop; the rest go through writeValue. */
function writeColumn(w: ByteWriter, table: StringTable, kind: FieldKind, values: unknown[], n: number, baseTime: number): void {
  if (kind.type === 'uint') {
    for (let i = 0; i < n; i++) w.uint(values[i] as number);
  } else if (kind.type === 'string') {
    // A value equal to the one above it (a user's run of jobs, a queue) skips the table's map.
    let last: string | null = null;
    let lastAt = 0;
    for (let i = 0; i < n; i++) {
      const value = values[i] as string;
      if (value === last) {
        w.uint(lastAt + 1);
      } else {
        lastAt = table.write(w, value);
        last = value;
      }
    }
  } else if (kind.type === 'nullable-string') {
    let last: string | null = null;
    let lastAt = 0;
    for (let i = 0; i < n; i++) {
      const value = values[i] as string | null;
      if (value === null) {
        w.uint(0);
      } else if (value === last) {
        w.uint(lastAt + 2);
      } else {
        lastAt = table.writeNullable(w, value);
        last = value;
      }
    }
  } else if (kind.type === 'time') {
    const column = freshColumn(baseTime);
    for (let i = 0; i < n; i++) writeTime(w, values[i] as number | null, column);
  } else if (kind.type === 'job-id') {
    const column = freshColumn(baseTime);
    for (let i = 0; i < n; i++) writeJobId(w, table, values[i] as string, column);
  } else if (kind.type === 'nullable-uint') {
    for (let i = 0; i < n; i++) {
      const value = values[i] as number | null;
      w.uint(value === null ? 0 : value + 1);
    }
  } else if (kind.type === 'size') {
    for (let i = 0; i < n; i++) writeSize(w, values[i] as number | null);
  } else if (kind.type === 'bool') {
    for (let i = 0; i < n; i++) w.u8(values[i] ? 1 : 0);
  } else if (kind.type === 'enum') {
    let last: unknown = undefined;
    let lastAt = 0;
    for (let i = 0; i < n; i++) {
      const value = values[i];
      if (value !== last) {
        lastAt = kind.values.indexOf(value as string);
        if (lastAt < 0) throw new RangeError(`not one of ${kind.values.join(', ')}: ${String(value)}`);
        last = value;
      }
      w.uint(lastAt);
    }
  } else {
    const column = freshColumn(baseTime);
    for (let i = 0; i < n; i++) writeValue(w, table, kind, values[i], column);
  }
}

export function readRecords<T>(r: ByteReader, table: StringTable, schema: Schema<T>, baseTime: number): T[] {
  const plan = planOf(schema);
  const n = r.count(plan.minimumBytes);
  const records: T[] = new Array(n);
  if (n === 0) return records;
  const fields = schema.length;
  const columns = readScratch.take(fields, n);
  try {
    for (let k = 0; k < fields; k++) readColumn(r, table, schema[k]!.kind, columns[k]!, n, baseTime);
    // Every record is built in one go, with its final shape (record-shapes.ts).
    const shape = plan.shape;
    for (let i = 0; i < n; i++) records[i] = shape.assemble(columns, i);
  } finally {
    readScratch.release(columns, plan as ListPlan<unknown>, n);
  }
  return records;
}

function readColumn(r: ByteReader, table: StringTable, kind: FieldKind, values: unknown[], n: number, baseTime: number): void {
  if (kind.type === 'uint') {
    for (let i = 0; i < n; i++) values[i] = r.uint();
  } else if (kind.type === 'string') {
    for (let i = 0; i < n; i++) values[i] = table.read(r);
  } else if (kind.type === 'nullable-string') {
    for (let i = 0; i < n; i++) values[i] = table.readNullable(r);
  } else if (kind.type === 'nullable-uint') {
    for (let i = 0; i < n; i++) {
      const v = r.uint();
      values[i] = v === 0 ? null : v - 1;
    }
  } else if (kind.type === 'enum') {
    const names = kind.values;
    for (let i = 0; i < n; i++) {
      const value = names[r.uint()];
      if (value === undefined) throw new ProtocolError('bad-enum', 'enum index out of range');
      values[i] = value;
    }
  } else if (kind.type === 'time') {
    const column = freshColumn(baseTime);
    for (let i = 0; i < n; i++) values[i] = readTime(r, column);
  } else if (kind.type === 'size') {
    for (let i = 0; i < n; i++) values[i] = readSize(r);
  } else if (kind.type === 'job-id') {
    const column = freshColumn(baseTime);
    for (let i = 0; i < n; i++) values[i] = readJobId(r, table, column);
  } else if (kind.type === 'bool') {
    for (let i = 0; i < n; i++) {
      const v = r.u8();
      if (v > 1) throw new ProtocolError('bad-value', `boolean byte ${v}`);
      values[i] = v === 1;
    }
  } else {
    const column = freshColumn(baseTime);
    for (let i = 0; i < n; i++) values[i] = readValue(r, table, kind, column);
  }
}

export function writeRecord<T>(w: ByteWriter, table: StringTable, schema: Schema<T>, record: T, baseTime: number): void {
  for (const field of schema) writeValue(w, table, field.kind, (record as AnyRecord)[field.key], freshColumn(baseTime));
}

export function readRecord<T>(r: ByteReader, table: StringTable, schema: Schema<T>, baseTime: number): T {
  const record: AnyRecord = {};
  for (const field of schema) record[field.key] = readValue(r, table, field.kind, freshColumn(baseTime));
  return record as T;
}

/** Writes only the fields present in `partial`, after a bit mask saying which they are. */
export function writePartial<T>(w: ByteWriter, table: StringTable, schema: Schema<T>, partial: Partial<T>, baseTime: number): void {
  let mask = 0;
  for (let at = 0; at < schema.length; at++) if (schema[at]!.key in (partial as object)) mask += 2 ** at;
  w.uint(mask);
  for (const field of schema) {
    if (field.key in (partial as object)) {
      writeValue(w, table, field.kind, (partial as AnyRecord)[field.key], freshColumn(baseTime));
    }
  }
}

export function readPartial<T>(r: ByteReader, table: StringTable, schema: Schema<T>, baseTime: number): Partial<T> {
  const mask = r.uint();
  if (mask === 0 || mask >= 2 ** schema.length) throw new ProtocolError('bad-value', `field mask ${mask}`);
  const partial: AnyRecord = {};
  for (let at = 0; at < schema.length; at++) {
    if (Math.floor(mask / 2 ** at) % 2 === 1) {
      const field = schema[at]!;
      partial[field.key] = readValue(r, table, field.kind, freshColumn(baseTime));
    }
  }
  return partial as Partial<T>;
}

/** Many partial records at once, as columns: every mask first, then each field's values for the
 * records that have it. Like values sit together, so deltas compress as well as snapshots. */
export function writePartials<T>(w: ByteWriter, table: StringTable, schema: Schema<T>, partials: readonly Partial<T>[], baseTime: number): void {
  const masks = partials.map((partial) => {
    let mask = 0;
    for (let at = 0; at < schema.length; at++) if (schema[at]!.key in (partial as object)) mask += 2 ** at;
    w.uint(mask);
    return mask;
  });
  for (let at = 0; at < schema.length; at++) {
    const field = schema[at]!;
    const column = freshColumn(baseTime);
    for (let i = 0; i < partials.length; i++) {
      if (Math.floor(masks[i]! / 2 ** at) % 2 === 1) writeValue(w, table, field.kind, (partials[i] as AnyRecord)[field.key], column);
    }
  }
}

export function readPartials<T>(r: ByteReader, table: StringTable, schema: Schema<T>, n: number, baseTime: number): Partial<T>[] {
  if (n > r.remaining) throw new ProtocolError('bad-length', `${n} partial records exceed the frame`);
  const masks: number[] = new Array(n);
  const partials: AnyRecord[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const mask = r.uint();
    if (mask === 0 || mask >= 2 ** schema.length) throw new ProtocolError('bad-value', `field mask ${mask}`);
    masks[i] = mask;
    partials[i] = {};
  }
  for (let at = 0; at < schema.length; at++) {
    const field = schema[at]!;
    const column = freshColumn(baseTime);
    for (let i = 0; i < n; i++) {
      if (Math.floor(masks[i]! / 2 ** at) % 2 === 1) partials[i]![field.key] = readValue(r, table, field.kind, column);
    }
  }
  return partials as Partial<T>[];
}

export function fieldEquals(kind: FieldKind, a: unknown, b: unknown): boolean {
  if (a === b) return true;
  switch (kind.type) {
    case 'enum-set':
    case 'string-list': {
      const x = a as string[];
      const y = b as string[];
      return x.length === y.length && x.every((item, at) => item === y[at]);
    }
    case 'string-map': {
      const x = Object.entries(a as Record<string, string>);
      const y = Object.entries(b as Record<string, string>);
      return x.length === y.length && x.every(([key, item], at) => key === y[at]![0] && item === y[at]![1]);
    }
    case 'counts':
      return kind.keys.every((key) => (a as Record<string, number>)[key] === (b as Record<string, number>)[key]);
    default:
      return false;
  }
}

/** The fields of `next` that differ from `previous`, or null when none does. */
export function changedFields<T>(schema: Schema<T>, previous: T, next: T): Partial<T> | null {
  let changed: Partial<T> | null = null;
  for (const field of schema) {
    const after = next[field.key];
    if (!fieldEquals(field.kind, previous[field.key], after)) {
      changed ??= {};
      changed[field.key] = after;
    }
  }
  return changed;
}
