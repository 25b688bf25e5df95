/**
 * The one error a configuration file can produce. It lists every problem found, each with the key
 * path and the line, so an admin fixes them all in one go: the gateway never starts half-configured.
 */

export interface ConfigProblem {
  /** Key path as written in messages: `clusters[1].agent.port`, or `PORT` for the environment. */
  path: string;
  /** 1-based line in the file, or null when the problem is not tied to a line (the environment). */
  line: number | null;
  message: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly code = 'config-invalid';

  constructor(
    readonly file: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(problems.map((problem) => formatProblem(file, problem)).join('\n'));
  }
}

/** `gateway.yaml:14: clusters[1].agent.port: must be integer`, the shape compilers use. */
export function formatProblem(file: string, problem: ConfigProblem): string {
  const where = problem.line === null ? file : `${file}:${problem.line}`;
  return problem.path === '' ? `${where}: ${problem.message}` : `${where}: ${problem.path}: ${problem.message}`;
}

/** `['clusters', 1, 'agent']` → `clusters[1].agent`. */
export function formatKeyPath(path: readonly (string | number)[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text;
}
