/**
 * What the CLI commands print to and read from, and how failures leave the process: errors as
 * `webstat-agent: <code>: <message>` lines on stderr (never a stack trace), exit status 2 for
 * bad arguments and 1 for everything else.
 */
import { AgentError, errorData } from '../agent-error.ts';

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
}

export interface CliCommand {
  name: string;
  /** One line for the overview. */
  summary: string;
  /** The whole `--help` text. */
  help: string;
  /** Resolves with the exit status (a long-running command resolves when it stops). */
  run(args: string[], io: CliIo): Promise<number>;
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export function usageError(message: string): AgentError {
  return new AgentError('usage', message);
}

/** Writes all of `text` and waits until it is flushed (large JSON must not be cut at exit). */
export function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve) => {
    if (!stream.write(text)) stream.once('drain', resolve);
    else resolve();
  });
}

/** Prints an error line and says which exit status it deserves. */
export function reportError(io: CliIo, error: unknown): number {
  // node:util parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes for bad flags.
  const raw = errorData(error);
  const usage = raw.code === 'usage' || raw.code.startsWith('ERR_PARSE_ARGS');
  const code = usage ? 'usage' : raw.code;
  io.stderr.write(`webstat-agent: ${code}: ${raw.message.replaceAll('\n', '\n  ')}\n`);
  if (usage) io.stderr.write('  (--help shows the usage)\n');
  return usage ? EXIT_USAGE : EXIT_FAILURE;
}

export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** A whole number flag within bounds, or a usage error naming the flag. */
export function wholeNumber(flag: string, text: string | undefined, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min || value > max) {
    throw usageError(`--${flag} wants a whole number from ${min} to ${max}, not '${text}'`);
  }
  return value;
}

/** A number of seconds (fractions allowed) within bounds. */
export function seconds(flag: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
    throw usageError(`--${flag} wants seconds from ${min} to ${max}, not '${text}'`);
  }
  return value;
}

export { AgentError };
