/**
 * The line reader behind pbs-json.ts: rebuilds a PBS JSON document that JSON.parse rejected (or
 * whose duplicate keys must all be kept), relying on PBS printing one `"key":value`, one array
 * element or one brace per line. That layout is what tells an unescaped quote inside a string
 * from the string's end: a string ends at the last quote of a line that the next member, a
 * closing brace or the end of the text follows; lines before that are raw newlines inside it.
 */
import { ParseError } from '../parse-result.ts';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Multi-valued attributes collected from duplicate keys are arrays marked with this. */
export const MULTI_VALUED: unique symbol = Symbol('multi-valued');

const STRICT_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

interface Frame {
  container: JsonObject | JsonValue[];
}

export function readPbsJsonLines(lines: string[], startLine: number, command: string, warnings: string[]): JsonObject {
  const root: JsonObject = {};
  const stack: Frame[] = [];
  let elided = 0;
  let index = startLine;

  const fail = (reason: string): never => {
    throw new ParseError(command, index + 1, reason);
  };
  const put = (frame: Frame, key: string | null, value: JsonValue) => {
    if (Array.isArray(frame.container)) {
      frame.container.push(value);
      return;
    }
    const object = frame.container;
    if (key === null) return fail('object member without a key');
    if (Object.prototype.hasOwnProperty.call(object, key)) {
      const previous = object[key]!;
      if (Array.isArray(previous) && (previous as unknown as Record<symbol, boolean>)[MULTI_VALUED]) previous.push(value);
      else {
        const all: JsonValue[] = [previous, value];
        (all as unknown as Record<symbol, boolean>)[MULTI_VALUED] = true;
        object[key] = all;
      }
    } else object[key] = value;
  };
  const open = (frame: Frame, key: string | null, brace: string) => {
    const container: JsonObject | JsonValue[] = brace === '{' ? {} : [];
    put(frame, key, container);
    stack.push({ container });
  };

  for (; index < lines.length; index++) {
    const trimmed = lines[index]!.trim();
    const line = stripTrailingComma(trimmed);
    if (line === '') continue;
    if (line === '...') {
      elided++;
      continue;
    }
    if (stack.length === 0) {
      if (index === startLine) {
        if (line !== '{') fail('JSON not in the one-member-per-line layout of PBS, and not valid');
        stack.push({ container: root });
        continue;
      }
      warnings.push(`text after the JSON ignored (from line ${index + 1})`);
      break;
    }
    const frame = stack[stack.length - 1]!;
    const first = line.charCodeAt(0);
    if (first === 125 /* } */ || first === 93 /* ] */) {
      if ((first === 93) !== Array.isArray(frame.container)) fail(`unexpected '${line[0]}'`);
      stack.pop();
      continue;
    }
    let key: string | null = null;
    let rest = trimmed;
    if (!Array.isArray(frame.container)) {
      if (first !== 34 /* " */) fail('expected a "key": value line');
      const colon = trimmed.indexOf('":', 1);
      if (colon < 0) fail('expected a "key": value line');
      key = unescapeLeniently(trimmed.slice(1, colon));
      rest = trimmed.slice(colon + 2).trim();
    }
    const value = stripTrailingComma(rest);
    if (value === '{' || value === '[') {
      open(frame, key, value);
      continue;
    }
    if (value === '{}' || value === '[]') {
      put(frame, key, value === '{}' ? {} : []);
      continue;
    }
    if (!value.startsWith('"')) {
      put(frame, key, scalar(value));
      continue;
    }
    // A string ends at the last quote of a line that the next member, a closing brace or the end
    // follows; until then the lines are raw newlines inside it (exported bash functions).
    let body = rest;
    for (;;) {
      const candidate = stripTrailingComma(body);
      if (candidate.length >= 2 && candidate.endsWith('"') && nextIsStructural(lines, index + 1)) {
        body = candidate;
        break;
      }
      if (index + 1 >= lines.length) fail('string not closed before the end of the output');
      index++;
      body += '\n' + lines[index]!.replace(/\s+$/, '');
    }
    put(frame, key, unescapeLeniently(body.slice(1, -1)));
  }
  if (stack.length > 0) throw new ParseError(command, lines.length, 'JSON ends before its closing braces (truncated output?)');
  if (elided > 0) warnings.push(`${elided} elided '...' line(s) skipped`);
  return root;
}

function stripTrailingComma(line: string): string {
  return line.endsWith(',') ? line.slice(0, -1).trimEnd() : line;
}

function nextIsStructural(lines: string[], from: number): boolean {
  for (let i = from; i < lines.length; i++) {
    const next = lines[i]!.trim();
    if (next === '') continue;
    const first = next.charCodeAt(0);
    return first === 34 /* " */ || first === 125 /* } */ || first === 93 /* ] */ || first === 123 /* { */ || next.startsWith('...');
  }
  return true;
}

function scalar(text: string): JsonValue {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'null') return null;
  if (STRICT_NUMBER.test(text)) return Number(text);
  // Leading zeros (`005`) and anything else unquoted keep their text: an environment value "005"
  // must stay "005".
  return text;
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** JSON string unescaping that keeps a backslash it cannot read (PBS does not escape them). */
export function unescapeLeniently(body: string): string {
  if (body.indexOf('\\') < 0) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const char = body[i]!;
    if (char !== '\\' || i + 1 >= body.length) {
      out += char;
      continue;
    }
    const next = body[i + 1]!;
    if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(body.slice(i + 2, i + 6))) {
      out += String.fromCharCode(parseInt(body.slice(i + 2, i + 6), 16));
      i += 5;
    } else if (ESCAPES[next] !== undefined) {
      out += ESCAPES[next];
      i += 1;
    } else {
      out += char;
    }
  }
  return out;
}
