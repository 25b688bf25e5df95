/**
 * The one error type the agent's own code throws: a machine-readable `code` and a sentence for
 * people. Everything that leaves the agent (a ZeroMQ error reply, a Status, a CLI error line)
 * carries the code, so callers and tests branch on it, never on the wording.
 */
export type AgentErrorCode =
  | 'config-syntax'
  | 'config-invalid'
  | 'config-unreadable'
  | 'insecure-bind'
  | 'bad-bind'
  | 'curve-key-invalid'
  | 'usage'
  | 'input-unreadable'
  | 'unknown-format'
  | 'flavour-unknown'
  | 'timeout'
  | 'command-not-found'
  | 'command-failed'
  | 'output-too-large'
  | 'parse-error'
  | 'unexpected-message'
  | 'internal';

export class AgentError extends Error {
  override name = 'AgentError';
  constructor(
    readonly code: AgentErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** `{code, message}` of anything thrown; unknown throwables become `internal`. */
export function errorData(error: unknown): { code: string; message: string } {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    return { code: error.code, message: error instanceof Error ? error.message : String(error) };
  }
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
