/**
 * PBS `-F json` output, read leniently (FORMATS.md §5).
 *
 * PBS prints JSON with a printer of its own that is known to emit invalid JSON: numbers with leading
 * zeros (`"foo":005`), unescaped quotes and backslashes in comments and environment values, invalid
 * escapes, raw newlines in BASH_FUNC values, duplicate keys for multi-valued attributes
 * (`max_queued`), a text table or a shell prompt before the JSON, TAB after the colon (23.06), and
 * copies with elided `...` lines.
 *
 * Valid output goes through JSON.parse (the fast path). Otherwise, and always when duplicate keys
 * must be kept, a line reader rebuilds the document: PBS prints exactly one `"key":value` (or one
 * array element, or one brace) per line, and only that layout tells an unescaped quote inside a
 * string from the string's end, which is why the general-purpose repairers (jsonrepair, JSON5) are
 * not used: they guess differently, drop escapes, and keep the last of duplicate keys.
 * Output that even the line reader cannot follow is a ParseError, so the caller can fall back to
 * `qstat -f` text.
 */
import { ParseError } from '../parse-result.ts';
import { readPbsJsonLines, type JsonObject } from './pbs-json-lines.ts';

export { MULTI_VALUED, type JsonObject, type JsonValue } from './pbs-json-lines.ts';

export interface PbsJsonOptions {
  /** Read duplicate keys as an array of all their values (multi-valued queue/server limits). */
  keepDuplicateKeys?: boolean;
}

export interface PbsJsonDocument {
  value: JsonObject;
  warnings: string[];
}

export function parsePbsJson(text: string, command: string, options: PbsJsonOptions = {}): PbsJsonDocument {
  const warnings: string[] = [];
  // The JSON starts at the first line that starts with "{" (a prompt or a text table may precede it).
  const start = /^[ \t]*\{/m.exec(text);
  if (!start) throw new ParseError(command, text.trim() === '' ? 0 : 1, 'no JSON object in the output');
  const offset = start.index;
  const prefix = text.slice(0, offset);
  const skipped = prefix.split('\n').filter((line) => line.trim() !== '').length;
  if (skipped > 0) warnings.push(`${skipped} line(s) of text before the JSON ignored`);

  if (!options.keepDuplicateKeys) {
    const close = text.lastIndexOf('}');
    if (close > offset) {
      try {
        const value: unknown = JSON.parse(text.slice(offset, close + 1));
        if (value !== null && typeof value === 'object' && !Array.isArray(value)) return { value: value as JsonObject, warnings };
      } catch (error) {
        warnings.push(`invalid JSON read leniently (${(error as Error).message})`);
      }
    }
  }
  const lines = text.split('\n');
  const startLine = prefix.length === 0 ? 0 : prefix.split('\n').length - 1;
  return { value: readPbsJsonLines(lines, startLine, command, warnings), warnings };
}
