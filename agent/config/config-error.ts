/** A configuration file that cannot be used: every problem with the key and the line it is on. */
import { AgentError } from '../agent-error.ts';

export interface ConfigProblem {
  /** Dotted key (`commands.qstat`), or '' for the file as a whole. */
  key: string;
  /** 1-based line, or null when the problem is a key that is missing. */
  line: number | null;
  problem: string;
}

export class ConfigError extends AgentError {
  override name = 'ConfigError';
  constructor(
    code: 'config-syntax' | 'config-invalid' | 'config-unreadable',
    readonly file: string,
    readonly problems: ConfigProblem[],
  ) {
    super(code, problems.map((p) => `${file}${p.line === null ? '' : `:${p.line}`}: ${p.key ? `${p.key}: ` : ''}${p.problem}`).join('\n'));
  }
}
