/**
 * Reading `squeue --json` / `sinfo --json` across Slurm versions (FORMATS.md §8).
 *
 * Slurm's JSON is valid JSON (unlike PBS's), so JSON.parse reads it; what changes between
 * versions is the shape of values:
 * - numbers: plain (21.08, openapi v0.0.37; 22.05, v0.0.38), or `{"set": bool, "infinite": bool,
 *   "number": n}` (23.02 and later): not set → null, infinite → null (no limit);
 * - states and flags: a string (`"RUNNING"`) or a list (`["PENDING", "REQUEUED"]`), and flag
 *   strings with trailing spaces (`"JOB_CPUS_SET "`);
 * - strings escape `/` as `\/`, which JSON.parse undoes.
 * Text before the JSON (a shell prompt in a pasted copy) is skipped with a warning.
 */
import type { SchedulerInfo } from '../../protocol/model.ts';
import { ParseError } from '../parse-result.ts';

export type JsonObject = { [key: string]: unknown };

export interface SlurmJsonDocument {
  root: JsonObject;
  scheduler: Partial<SchedulerInfo>;
  warnings: string[];
}

export function readSlurmJson(text: string, command: string): SlurmJsonDocument {
  const warnings: string[] = [];
  const start = /^[ \t]*\{/m.exec(text);
  if (!start) throw new ParseError(command, text.trim() === '' ? 0 : 1, 'no JSON object in the output');
  const skipped = text.slice(0, start.index).split('\n').filter((line) => line.trim() !== '').length;
  if (skipped > 0) warnings.push(`${skipped} line(s) of text before the JSON ignored`);
  let root: unknown;
  try {
    root = JSON.parse(text.slice(start.index));
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const line = position ? text.slice(0, start.index + Number(position[1])).split('\n').length : 0;
    throw new ParseError(command, line, `invalid JSON: ${message}`);
  }
  if (!isObject(root)) throw new ParseError(command, 1, 'the JSON is not an object');
  for (const error of Array.isArray(root.errors) ? root.errors : []) {
    const description = isObject(error) ? (error.description ?? error.error ?? JSON.stringify(error)) : String(error);
    warnings.push(`Slurm reported: ${String(description)}`);
  }
  return { root, scheduler: { kind: 'slurm', flavour: 'slurm', ...versionOf(root) }, warnings };
}

function versionOf(root: JsonObject): Partial<SchedulerInfo> {
  const meta = isObject(root.meta) ? root.meta : {};
  const slurm = isObject(meta.Slurm) ? meta.Slurm : isObject(meta.slurm) ? meta.slurm : {};
  if (typeof slurm.release === 'string' && slurm.release !== '') return { version: slurm.release };
  const version = isObject(slurm.version) ? slurm.version : null;
  if (version && typeof version.major !== 'undefined') {
    return { version: `${String(version.major)}.${String(version.minor).padStart(2, '0')}.${String(version.micro)}` };
  }
  return {};
}

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A number in either shape; null when absent, not set, infinite, or not a number. */
export function numberOf(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (isObject(value) && 'number' in value) {
    if (value.set === false || value.infinite === true) return null;
    return numberOf(value.number);
  }
  return null;
}

/** A whole number of seconds or counts; 0 reads as null where Slurm uses 0 for "not set". */
export function timeOf(value: unknown): number | null {
  const number = numberOf(value);
  return number === null || number <= 0 ? null : Math.floor(number);
}

/** A string; null when absent or empty. */
export function stringOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** A string or a list of strings as a list, each trimmed. */
export function wordsOf(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((item): item is string => typeof item === 'string').map((item) => item.trim()).filter((item) => item !== '');
}

/** The list at `key`, or an empty list (an output without any job has none). */
export function listAt(root: JsonObject, key: string): unknown[] {
  const value = root[key];
  return Array.isArray(value) ? value : [];
}
