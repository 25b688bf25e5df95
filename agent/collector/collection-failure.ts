/**
 * Why a collection failed, as `{code, message}` for the cluster's Status. Each message names the
 * command line and carries what the scheduler said on stderr, so an admin can act on it.
 */
import type { CommandResult } from './run-command.ts';
import { commandLine } from './run-command.ts';

export interface CollectionFailure {
  code: 'timeout' | 'command-not-found' | 'command-failed' | 'output-too-large' | 'parse-error' | 'flavour-unknown' | 'internal';
  message: string;
}

const MAX_STDERR_IN_MESSAGE = 2000;

function stderrOf(result: CommandResult): string {
  const text = result.stderr.trim();
  if (text === '') return '(nothing on stderr)';
  return text.length > MAX_STDERR_IN_MESSAGE ? `${text.slice(0, MAX_STDERR_IN_MESSAGE)}…` : text;
}

/**
 * The failure a finished command stands for, or null when its stdout is worth parsing. A non-zero
 * exit with output is parsed anyway: Torque prints XML for the jobs it found and exits 153 over
 * the ones it did not.
 */
export function commandFailure(result: CommandResult, timeoutMs: number): CollectionFailure | null {
  const line = commandLine(result.argv);
  if (result.notFound) return { code: 'command-not-found', message: `cannot run ${line}: ${stderrOf(result)}` };
  if (result.timedOut) {
    return { code: 'timeout', message: `${line} did not finish within ${timeoutMs / 1000} s and was killed; stderr: ${stderrOf(result)}` };
  }
  if (result.outputTooLarge) {
    return { code: 'output-too-large', message: `${line} printed more than the agent reads (${result.outputBytes} bytes so far) and was stopped` };
  }
  if (result.exitCode !== 0 && result.stdout.trim() === '') {
    const how = result.signal ? `was killed by ${result.signal}` : `exited with status ${result.exitCode}`;
    return { code: 'command-failed', message: `${line} ${how}: ${stderrOf(result)}` };
  }
  return null;
}
