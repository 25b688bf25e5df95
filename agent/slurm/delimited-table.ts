/**
 * The tables `squeue` and `sinfo` print, read by their header rather than by position.
 *
 * The collector asks for an explicit `--Format` whose every field ends in a separator that no
 * value can hold: the ASCII unit separator (0x1F) after each field and the record separator (0x1E)
 * after the last, so a job name with spaces, `|` or even a newline stays one field. The header row
 * is kept: it names the columns (`JOBID`, `CPUS`, `TRES_ALLOC` ...), so the parsers work with any
 * subset and order of fields, and a field an older Slurm does not know (printed empty) only costs
 * its own column.
 *
 * Files that people make by hand are read too: `|`-separated (`squeue -o '%i|%u|...'`) or, when
 * neither separator appears, whitespace-separated columns (only sound for values without spaces,
 * such as `sinfo --summarize`).
 */
import { ParseError } from '../parse-result.ts';

export const FIELD_SEPARATOR = '\x1f';
export const RECORD_SEPARATOR = '\x1e';

/** A `--Format` value: every field at full width (`:0`), each followed by its separator. */
export function formatArgument(fields: readonly string[]): string {
  return fields.map((field, index) => `${field}:0${index === fields.length - 1 ? RECORD_SEPARATOR : FIELD_SEPARATOR}`).join(',');
}

export interface TableRow {
  /** 1-based line of the text where the row starts. */
  line: number;
  values: string[];
}

export interface Table {
  headers: string[];
  rows: TableRow[];
  /** Rows whose field count differs from the header's, skipped. */
  malformed: TableRow[];
}

type Layout = { records: string; fields: string | RegExp };

function layoutOf(text: string): Layout {
  if (text.includes(FIELD_SEPARATOR)) return { records: text.includes(RECORD_SEPARATOR) ? RECORD_SEPARATOR : '\n', fields: FIELD_SEPARATOR };
  const firstLine = text.slice(0, text.indexOf('\n') < 0 ? text.length : text.indexOf('\n'));
  if (firstLine.includes('|')) return { records: '\n', fields: '|' };
  return { records: '\n', fields: /\s+/ };
}

/** Splits a table; `command` names it in errors. An output with no header row is a ParseError. */
export function readTable(text: string, command: string): Table {
  const layout = layoutOf(text);
  const rows: TableRow[] = [];
  let line = 1;
  for (const chunk of text.split(layout.records)) {
    const startLine = line;
    line += countNewlines(chunk);
    // A record separator is followed by the newline squeue prints after each row.
    const record = layout.records === RECORD_SEPARATOR ? chunk.replace(/^\r?\n/, '') : chunk.replace(/\r$/, '');
    const recordLine = startLine + (record.length < chunk.length ? 1 : 0);
    if (record.trim() === '') continue;
    const values = typeof layout.fields === 'string' ? record.split(layout.fields) : record.trim().split(layout.fields);
    rows.push({ line: recordLine, values });
  }
  const header = rows.shift();
  if (!header) throw new ParseError(command, 0, 'empty output: not even a header row');
  // When every field is followed by the separator (`%i|%u|`), each row ends in an empty rest.
  const trailing = header.values.length > 1 && header.values[header.values.length - 1] === '';
  const headers = (trailing ? header.values.slice(0, -1) : header.values).map((value) => value.trim().toUpperCase());
  const good: TableRow[] = [];
  const malformed: TableRow[] = [];
  for (const row of rows) {
    if (trailing && row.values[row.values.length - 1] === '') row.values.pop();
    (row.values.length === headers.length ? good : malformed).push(row);
  }
  return { headers, rows: good, malformed };
}

/**
 * Rows with a wrong field count were skipped: a warning when others were read, a ParseError when
 * none were (then the output is not what the header says).
 */
export function checkRows(table: Table, command: string, warnings: string[]): void {
  const first = table.malformed[0];
  if (first === undefined) return;
  if (table.rows.length === 0) throw new ParseError(command, first.line, `row has ${first.values.length} fields, the header ${table.headers.length}`);
  warnings.push(`${table.malformed.length} row(s) with a wrong number of fields skipped (first at line ${first.line})`);
}

/** The column of the first header in `names` the table has, or -1. */
export function columnOf(table: Table, names: readonly string[]): number {
  for (const name of names) {
    const index = table.headers.indexOf(name);
    if (index >= 0) return index;
  }
  return -1;
}

function countNewlines(text: string): number {
  let count = 0;
  for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) count++;
  return count;
}
