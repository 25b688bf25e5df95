/**
 * Torque's XML outputs (`qstat -x`, `pbsnodes -x`: `<Data><Job>…</Job></Data>`) read with
 * fast-xml-parser. Musts (FORMATS.md §3): one line or pretty-printed, an optional `<?xml?>`
 * prefix, raw newlines inside text (`sched_hint`), all values text (times are epochs).
 * Malformed XML is a ParseError with the validator's line.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ParseError } from '../parse-result.ts';
import type { JsonObject } from './pbs-json.ts';
import { isJsonObject } from './json-attributes.ts';

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name, jpath) => jpath === `Data.${name}`,
});

/** The records (`Job` or `Node` elements) under `<Data>`. */
export function xmlRecords(text: string, command: string, element: string): JsonObject[] {
  const body = text.trim();
  if (body === '') return [];
  const validation = XMLValidator.validate(body);
  if (validation !== true) throw new ParseError(command, validation.err.line, `malformed XML: ${validation.err.msg}`);
  const document = parser.parse(body) as JsonObject;
  const data = document.Data;
  if (data === undefined) throw new ParseError(command, 1, 'XML without a <Data> element');
  if (data === '') return [];
  if (!isJsonObject(data)) throw new ParseError(command, 1, '<Data> holds no records');
  const records = data[element];
  if (records === undefined) {
    const others = Object.keys(data);
    if (others.length > 0) throw new ParseError(command, 1, `<Data> holds <${others[0]}>, not <${element}>`);
    return [];
  }
  return (Array.isArray(records) ? records : [records]).map((record, index) => {
    if (!isJsonObject(record)) throw new ParseError(command, 1, `<${element}> number ${index + 1} is empty`);
    return record;
  });
}
