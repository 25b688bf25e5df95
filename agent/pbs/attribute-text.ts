/**
 * The record grammar shared by `qstat -f`, `qstat -Q -f` and `qstat -B -f` (FORMATS.md §1):
 *
 *     Job Id: 123.server              <- header at column 0 ("Queue: ", "Server: ")
 *         name = value                <- exactly 4 spaces, name, " = ", value (split on the first " = ")
 *     \tcontinuation                  <- wrapped value: one TAB (or 8 spaces in terminal copies)
 *
 * Musts, each seen in real output:
 * - wrapped continuations are appended without inserting anything (wraps cut inside tokens);
 *   the content after the TAB is not trimmed (it may start with a space);
 * - any other line inside a record is a raw newline inside the value (`sched_hint`, bash
 *   functions), so it is appended after a "\n";
 * - an attribute printed on several lines (multi-valued queue limits) keeps every value, joined
 *   by ',';
 * - an empty line is a record end only when a header or the end of the text follows; otherwise it
 *   is part of the value (a value that ended exactly at the margin leaves an empty line, trailing
 *   empty lines are dropped, and empty lines before more text are raw newlines).
 *
 * The scan walks the text with indexOf/charCodeAt and keeps only the attributes the caller wants:
 * a 100,000-job listing is hundreds of megabytes, most of it Variable_List.
 */

const TAB = 9;
const SPACE = 32;
const CR = 13;

export interface TextRecord {
  /** What follows the header prefix: the job id, queue name or server name. */
  name: string;
  /** 1-based line of the header. */
  line: number;
  /** Attribute values by their full dotted name (`Resource_List.ncpus`). */
  attributes: Map<string, string>;
}

export interface ScanOptions {
  /** `Job Id: `, `Queue: ` or `Server: `. */
  headerPrefix: string;
  /** When given, only these attributes are kept (the others are skipped without copying). */
  wanted?: ReadonlySet<string>;
  /**
   * Pass the same record object (cleared) for every record: for callers that use it before
   * returning and keep nothing of it, which spares the collector a Map per job.
   */
  reuseRecord?: boolean;
}

export interface ScanReport {
  records: number;
  /** Non-empty lines outside any record (a shell prompt before the output ...), 1-based, first 10. */
  strayLines: number[];
  strayLineCount: number;
  /** 1-based line of the last line read. */
  lastLine: number;
}

function isNameStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

function isNameChar(code: number): boolean {
  return isNameStart(code) || (code >= 48 && code <= 57) || code === 46 || code === 45;
}

/**
 * If the line at `start` (ending at `end`) has the shape `    n… = value` (4 spaces, a name start,
 * then " =" followed by a space or the line end), returns where the name ends; else -1. The name's
 * other characters are checked only when it matters (validName), as this runs for every line.
 */
function candidateNameEnd(text: string, start: number, end: number): number {
  if (end - start < 7) return -1;
  if (text.charCodeAt(start + 1) !== SPACE || text.charCodeAt(start + 2) !== SPACE || text.charCodeAt(start + 3) !== SPACE) return -1;
  if (!isNameStart(text.charCodeAt(start + 4))) return -1;
  const equals = text.indexOf(' =', start + 5);
  if (equals < 0 || equals + 2 > end) return -1;
  if (equals + 2 === end || text.charCodeAt(equals + 2) === SPACE) return equals;
  return -1;
}

function validName(text: string, start: number, end: number): boolean {
  for (let i = start + 1; i < end; i++) if (!isNameChar(text.charCodeAt(i))) return false;
  return true;
}

/** Wanted names by (length, first character), so unwanted names are rejected without a copy. */
const wantedIndexes = new WeakMap<ReadonlySet<string>, Map<number, string[]>>();

function wantedIndex(wanted: ReadonlySet<string>): Map<number, string[]> {
  let index = wantedIndexes.get(wanted);
  if (!index) {
    index = new Map();
    for (const name of wanted) {
      const key = name.length * 256 + (name.charCodeAt(0) & 255);
      const list = index.get(key);
      if (list) list.push(name);
      else index.set(key, [name]);
    }
    wantedIndexes.set(wanted, index);
  }
  return index;
}

/** The wanted name spelled at `start` (length `length`), or null. */
function wantedNameAt(index: Map<number, string[]>, text: string, start: number, length: number): string | null {
  const candidates = index.get(length * 256 + (text.charCodeAt(start) & 255));
  if (candidates === undefined) return null;
  for (const candidate of candidates) if (text.startsWith(candidate, start)) return candidate;
  return null;
}

export function scanAttributeRecords(text: string, options: ScanOptions, onRecord: (record: TextRecord) => void): ScanReport {
  const { headerPrefix, wanted } = options;
  const index = wanted === undefined ? null : wantedIndex(wanted);
  const headerCode = headerPrefix.charCodeAt(0);
  const length = text.length;
  const report: ScanReport = { records: 0, strayLines: [], strayLineCount: 0, lastLine: 0 };

  let record: TextRecord | null = null;
  let spare: TextRecord | null = null;
  let name: string | null = null;
  let value = '';
  let keep = false;
  let pendingBlanks = 0;

  const commit = () => {
    if (record && name !== null && keep) {
      // Multi-valued attributes print one line per value (`max_run_res.ngpus = [p:a=2]` twice).
      const previous = record.attributes.get(name);
      record.attributes.set(name, previous === undefined ? value : `${previous},${value}`);
    }
    name = null;
    value = '';
    keep = false;
    pendingBlanks = 0;
  };
  const flush = () => {
    commit();
    if (record) {
      report.records++;
      onRecord(record);
    }
    record = null;
  };

  let pos = 0;
  let lineNumber = 0;
  while (pos < length) {
    let next = text.indexOf('\n', pos);
    if (next < 0) next = length;
    let end = next;
    if (end > pos && text.charCodeAt(end - 1) === CR) end--;
    lineNumber++;
    const first = end > pos ? text.charCodeAt(pos) : -1;

    if (first === -1) {
      if (record) pendingBlanks++;
    } else if (first === headerCode && text.startsWith(headerPrefix, pos)) {
      flush();
      const recordName = text.slice(pos + headerPrefix.length, end).trim();
      if (options.reuseRecord && spare !== null) {
        spare.name = recordName;
        spare.line = lineNumber;
        spare.attributes.clear();
        record = spare;
      } else {
        record = { name: recordName, line: lineNumber, attributes: new Map() };
        if (options.reuseRecord) spare = record;
      }
    } else if (record === null) {
      report.strayLineCount++;
      if (report.strayLines.length < 10) report.strayLines.push(lineNumber);
    } else {
      const nameEnd = first === SPACE ? candidateNameEnd(text, pos, end) : -1;
      const wantedName = nameEnd >= 0 && index !== null ? wantedNameAt(index, text, pos + 4, nameEnd - pos - 4) : null;
      // An unwanted name needs no check while no wanted value is open: either way it is skipped.
      if (nameEnd >= 0 && (wantedName !== null || (index !== null && !keep) || validName(text, pos + 4, nameEnd))) {
        commit();
        name = index === null ? text.slice(pos + 4, nameEnd) : wantedName;
        keep = name !== null;
        if (keep) value = nameEnd + 3 <= end ? text.slice(nameEnd + 3, end) : '';
      } else if (keep) {
        let start: number;
        let raw = false;
        if (first === TAB) start = pos + 1;
        else if (end - pos >= 8 && text.startsWith('        ', pos)) start = pos + 8;
        else {
          start = pos;
          raw = true;
        }
        if (pendingBlanks > 0) {
          value += '\n'.repeat(pendingBlanks);
          pendingBlanks = 0;
        }
        value += raw ? '\n' + text.slice(start, end) : text.slice(start, end);
      } else {
        pendingBlanks = 0;
      }
    }
    pos = next + 1;
  }
  flush();
  report.lastLine = lineNumber;
  return report;
}
