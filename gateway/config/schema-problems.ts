/**
 * Validates a parsed configuration against CONFIG_SCHEMA with ajv and turns ajv's errors into
 * problems an admin can act on: the key path as written in the file, its line, and a short reason
 * (with a suggestion when an unknown key looks like a typo of a known one).
 */
import { Ajv, type ErrorObject } from 'ajv';
import { formatKeyPath, type ConfigProblem } from './config-error.ts';
import { CONFIG_SCHEMA, type ConfigFile } from './config-schema.ts';
import type { YamlLocations } from './yaml-locations.ts';

const ajv = new Ajv({ allErrors: true, useDefaults: true, allowUnionTypes: true, verbose: true });
const validateConfig = ajv.compile<ConfigFile>(CONFIG_SCHEMA);

/** Validates `data` in place (defaults are filled in). Returns the problems, empty when valid. */
export function schemaProblems(data: unknown, locations: YamlLocations): ConfigProblem[] {
  if (validateConfig(data)) return [];
  const problems: ConfigProblem[] = [];
  const seen = new Set<string>();
  for (const error of validateConfig.errors ?? []) {
    const problem = toProblem(error, locations);
    if (!problem) continue;
    const key = `${problem.line}:${problem.path}:${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

function instancePath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

function toProblem(error: ErrorObject, locations: YamlLocations): ConfigProblem | null {
  const path = instancePath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'if':
      // Reported again, more clearly, by the failing `then`.
      return null;
    case 'required': {
      const missing = String(params.missingProperty);
      return { path: formatKeyPath([...path, missing]), line: locations.lineOf(path), message: 'is required' };
    }
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const known = Object.keys((error.parentSchema?.properties as object | undefined) ?? {});
      const suggestion = closest(key, known);
      const message = suggestion ? `unknown key (did you mean '${suggestion}'?)` : `unknown key (known keys: ${known.join(', ')})`;
      return { path: formatKeyPath([...path, key]), line: locations.lineOfKey(path, key), message };
    }
    case 'type': {
      const types = Array.isArray(params.type) ? params.type : String(params.type).split(',');
      return { path: formatKeyPath(path), line: locations.lineOf(path), message: `must be ${types.join(' or ')}` };
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String).join(', ');
      return { path: formatKeyPath(path), line: locations.lineOf(path), message: `must be one of: ${allowed}` };
    }
    case 'const':
      return { path: formatKeyPath(path), line: locations.lineOf(path), message: `must be '${String(params.allowedValue)}' or a list` };
    case 'then':
      return null;
    default:
      return { path: formatKeyPath(path), line: locations.lineOf(path), message: error.message ?? error.keyword };
  }
}

/** The known key nearest to a typo, when it is near enough to be what was meant. */
function closest(typo: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(typo.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== null && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? best : null;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}
