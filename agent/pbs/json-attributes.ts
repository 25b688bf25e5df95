/**
 * Reading PBS JSON records with the attribute names of the text format: `Resource_List.ncpus` is
 * `record.Resource_List.ncpus` in JSON. Values come back as the text would print them.
 */
import type { JsonObject, JsonValue } from './pbs-json.ts';

export function jsonText(value: JsonValue | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  // Duplicate keys (multi-valued attributes) were collected into an array.
  if (Array.isArray(value)) return value.map((item) => jsonText(item) ?? '').join(',');
  return undefined;
}

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A getter over one record, for names with at most one dot (`group.member`). */
export function jsonAttributes(record: JsonObject): (name: string) => string | undefined {
  return (name) => {
    const dot = name.indexOf('.');
    if (dot < 0) return jsonText(record[name]);
    const group = record[name.slice(0, dot)];
    return isJsonObject(group) ? jsonText(group[name.slice(dot + 1)]) : undefined;
  };
}

/** 1-based line where `"key":` first appears in the text (for errors), else 0. */
export function lineOfKey(text: string, key: string): number {
  return lineOf(text, `"${key}":`);
}

/** 1-based line where `needle` first appears in the text (for errors), else 0. */
export function lineOf(text: string, needle: string): number {
  const at = text.indexOf(needle);
  if (at < 0) return 0;
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
