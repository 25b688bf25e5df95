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

type Layout = { records: string; fields: string | RegExp };

function layoutOf(text: string): Layout {
  if (text.includes(FIELD_SEPARATOR)) return { records: text.includes(RECORD_SEPARATOR) ? RECORD_SEPARATOR : '\n', fields: FIELD_SEPARATOR };
  const firstLine = text.slice(0, text.indexOf('\n') < 0 ? text.length : text.indexOf('\n'));
  if (firstLine.includes('|')) return { records: '\n', fields: '|' };
  return { records: '\n', fields: /\s+/ };
}

/**
 * A table read row by row: the header at once, the rows as they are visited, so that a 100,000-job
 * queue never sits in memory as millions of field strings at the same time.
 */
export class DelimitedTable {
  readonly headers: string[];
  /** Rows visited, and rows skipped because their field count differs from the header's. */
  rowCount = 0;
  malformedCount = 0;
  firstMalformed: { line: number; fields: number } | null = null;
  private readonly layout: Layout;
  private readonly trailing: boolean;
  private position = 0;
  private line = 1;

  /** `command` names the output in errors; an output without a header row is a ParseError. */
  constructor(
    private readonly text: string,
    private readonly command: string,
  ) {
    this.layout = layoutOf(text);
    const header = this.next();
    if (!header) throw new ParseError(command, 0, 'empty output: not even a header row');
    // When every field is followed by the separator (`%i|%u|`), each row ends in an empty rest.
    this.trailing = header.values.length > 1 && header.values[header.values.length - 1] === '';
    this.headers = (this.trailing ? header.values.slice(0, -1) : header.values).map((value) => value.trim().toUpperCase());
  }

  /** The column of the first header in `names` the table has, or -1. */
  columnOf(names: readonly string[]): number {
    for (const name of names) {
      const index = this.headers.indexOf(name);
      if (index >= 0) return index;
    }
    return -1;
  }

  /** Visits every row whose field count matches the header's, with its 1-based line. */
  forEachRow(visit: (values: string[], line: number) => void): void {
    for (let row = this.next(); row; row = this.next()) {
      const values = row.values;
      if (this.trailing && values[values.length - 1] === '') values.pop();
      if (values.length === this.headers.length) {
        this.rowCount++;
        visit(values, row.line);
      } else {
        this.malformedCount++;
        this.firstMalformed ??= { line: row.line, fields: values.length };
      }
    }
  }

  /**
   * After forEachRow: rows with a wrong field count were skipped: a warning when others were read,
   * a ParseError when none were (then the output is not what the header says).
   */
  checkRows(warnings: string[]): void {
    const first = this.firstMalformed;
    if (first === null) return;
    if (this.rowCount === 0) throw new ParseError(this.command, first.line, `row has ${first.fields} fields, the header ${this.headers.length}`);
    warnings.push(`${this.malformedCount} row(s) with a wrong number of fields skipped (first at line ${first.line})`);
  }

  /** The next non-blank record, or null at the end. */
  private next(): { line: number; values: string[] } | null {
    const { text, layout } = this;
    while (this.position < text.length) {
      const end = text.indexOf(layout.records, this.position);
      const stop = end < 0 ? text.length : end;
      let start = this.position;
      const startLine = this.line;
      this.line += countNewlines(text, start, stop);
      this.position = stop + layout.records.length;
      // A record separator is followed by the newline squeue prints after each row.
      let line = startLine;
      if (layout.records === RECORD_SEPARATOR) {
        if (text[start] === '\r') start++;
        if (text[start] === '\n') {
          start++;
          line++;
        }
      }
      let record = text.slice(start, stop);
      if (layout.records === '\n' && record.endsWith('\r')) record = record.slice(0, -1);
      if (record.trim() === '') continue;
      const values = typeof layout.fields === 'string' ? record.split(layout.fields) : record.trim().split(layout.fields);
      return { line, values };
    }
    return null;
  }
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let index = text.indexOf('\n', from); index >= 0 && index < to; index = text.indexOf('\n', index + 1)) count++;
  return count;
}
