/**
 * `loadConfig(file)`: reads the gateway's YAML configuration and returns a complete GatewayConfig,
 * or throws one ConfigError (code `config-invalid`) listing every problem with its line. Nothing is
 * returned half-configured: the caller starts either everything or nothing.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { ConfigError, type ConfigProblem } from './config-error.ts';
import type { ConfigFile } from './config-schema.ts';
import { toGatewayConfig } from './config-semantics.ts';
import type { GatewayConfig } from './config-types.ts';
import { schemaProblems } from './schema-problems.ts';
import { YamlLocations } from './yaml-locations.ts';

export interface LoadConfigOptions {
  /** Where `PORT` and `SSH_AUTH_SOCK` come from; default process.env. */
  env?: NodeJS.ProcessEnv;
}

export function loadConfig(file: string, options: LoadConfigOptions = {}): GatewayConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new ConfigError(file, [{ path: '', line: null, message: `cannot read the configuration: ${reason}` }]);
  }
  return parseConfig(text, file, options);
}

/** The same as loadConfig, from text already read (`file` is still used for messages and paths). */
export function parseConfig(text: string, file: string, options: LoadConfigOptions = {}): GatewayConfig {
  const lines = new LineCounter();
  // uniqueKeys (the default) makes a key given twice an error rather than "the last one wins".
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigError(
      file,
      document.errors.map(
        (error): ConfigProblem => ({
          path: '',
          line: lines.linePos(error.pos[0]).line,
          message: `YAML syntax: ${error.message.split('\n')[0]}`,
        }),
      ),
    );
  }
  const locations = new YamlLocations(document, lines);
  const data: unknown = document.toJS() ?? {};
  const problems = schemaProblems(data, locations);
  if (problems.length > 0) throw new ConfigError(file, problems);

  const result = toGatewayConfig({ file, raw: data as ConfigFile, locations, env: options.env ?? process.env });
  if (result.problems.length > 0) {
    throw new ConfigError(file, [...result.problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
  }
  return result.config;
}
