/**
 * Reads the YAML configuration of `webstat-agent serve`, validates it with ajv against
 * config-schema.ts, and turns every problem into "file:line: key: what is wrong", so a typo names
 * its key and line instead of falling back to a default. Defaults are the agent README's.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { errorData } from '../agent-error.ts';
import { DEFAULT_COMMAND_PATHS } from '../collector/command-plan.ts';
import { checkBindAllowed, DEFAULT_BIND, parseBindAddress } from '../service/bind-address.ts';
import { DEFAULT_INTERVAL_SECONDS } from '../service/collection-budget.ts';
import { isValidTimeZone } from '../units/clock-time.ts';
import type { AgentConfig } from './agent-config.ts';
import { ConfigError, type ConfigProblem } from './config-error.ts';
import { AGENT_CONFIG_SCHEMA, type AgentConfigFile } from './config-schema.ts';

export const DEFAULT_COMMAND_TIMEOUT_SECONDS = 60;

const ajv = new Ajv({ allErrors: true, verbose: true });
const validate = ajv.compile<AgentConfigFile>(AGENT_CONFIG_SCHEMA);

/** Where keys and values sit in the file. */
class Locations {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  private lineAt(offset: number | undefined): number | null {
    return offset === undefined ? null : this.lines.linePos(offset).line;
  }

  /** The line of the value at `path` (or of the nearest parent that exists). */
  lineOf(path: readonly string[]): number | null {
    for (let n = path.length; n >= 0; n--) {
      const node = this.doc.getIn(path.slice(0, n), true) as YamlNode | undefined;
      if (node && typeof node === 'object' && 'range' in node && node.range) return this.lineAt(node.range[0]);
    }
    return null;
  }

  /** The line of key `key` inside the map at `path`. */
  lineOfKey(path: readonly string[], key: string): number | null {
    const map = path.length === 0 ? this.doc.contents : this.doc.getIn(path, true);
    if (isMap(map)) {
      for (const pair of map.items) {
        if (isPair(pair) && isScalar(pair.key) && String(pair.key.value) === key) return this.lineAt(pair.key.range?.[0]);
      }
    }
    return this.lineOf(path);
  }
}

function pathOf(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function problemOf(error: ErrorObject, at: Locations): ConfigProblem {
  const path = pathOf(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      return { key: [...path, key].join('.'), line: at.lineOfKey(path, key), problem: `unknown key (known keys: ${known.join(', ')})` };
    }
    case 'required': {
      const key = String(params.missingProperty);
      return { key: [...path, key].join('.'), line: null, problem: 'is required' };
    }
    case 'enum':
      return { key: path.join('.'), line: at.lineOf(path), problem: `must be one of: ${(params.allowedValues as unknown[]).join(', ')}` };
    case 'pattern':
      return {
        key: path.join('.'),
        line: at.lineOf(path),
        problem: path[0] === 'bind' ? 'must be tcp://HOST:PORT' : "must be letters, digits, '.', '_' or '-' (at most 64)",
      };
    default:
      return { key: path.join('.'), line: at.lineOf(path), problem: error.message ?? error.keyword };
  }
}

/** Parses and checks a configuration's text; `file` names it in messages and anchors relative paths. */
export function parseAgentConfig(text: string, file: string): AgentConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      'config-syntax',
      file,
      doc.errors.map((error) => ({ key: '', line: error.linePos?.[0].line ?? null, problem: error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '') })),
    );
  }
  const at = new Locations(doc, lines);
  const data: unknown = doc.toJS() ?? {};
  if (!validate(data)) {
    const problems = (validate.errors ?? []).map((error) => problemOf(error, at));
    throw new ConfigError('config-invalid', file, problems);
  }

  const problems: ConfigProblem[] = [];
  if (data.timeZone !== undefined && !isValidTimeZone(data.timeZone)) {
    problems.push({ key: 'timeZone', line: at.lineOf(['timeZone']), problem: `'${data.timeZone}' is not an IANA time zone (for example Europe/Berlin)` });
  }
  const bind = data.bind ?? DEFAULT_BIND;
  try {
    checkBindAllowed(parseBindAddress(bind), data.curve !== undefined);
  } catch (error) {
    problems.push({ key: 'bind', line: at.lineOf(['bind']), problem: errorData(error).message });
  }
  if (problems.length > 0) throw new ConfigError('config-invalid', file, problems);

  const base = dirname(resolve(file));
  return {
    file,
    cluster: data.cluster,
    flavour: data.flavour ?? 'auto',
    intervalSeconds: data.interval ?? DEFAULT_INTERVAL_SECONDS,
    commandTimeoutSeconds: data.commandTimeout ?? DEFAULT_COMMAND_TIMEOUT_SECONDS,
    bind,
    timeZone: data.timeZone ?? null,
    commands: {
      qstat: data.commands?.qstat ?? DEFAULT_COMMAND_PATHS.qstat,
      pbsnodes: data.commands?.pbsnodes ?? DEFAULT_COMMAND_PATHS.pbsnodes,
      showq: data.moab?.showq ?? null,
      ...(data.commands?.squeue ? { squeue: data.commands.squeue } : {}),
      ...(data.commands?.sinfo ? { sinfo: data.commands.sinfo } : {}),
      ...(data.slurm?.json ? { slurmJson: true } : {}),
    },
    curve: data.curve ? { publicKeyFile: resolve(base, data.curve.publicKeyFile), secretKeyFile: resolve(base, data.curve.secretKeyFile) } : null,
    logLevel: data.logLevel ?? 'info',
  };
}

export async function loadAgentConfig(file: string): Promise<AgentConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError('config-unreadable', file, [{ key: '', line: null, problem: `cannot read: ${errorData(error).message}` }]);
  }
  return parseAgentConfig(text, file);
}
