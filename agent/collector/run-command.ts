/**
 * Runs one scheduler command as a child process, the way a careful admin would:
 * - in its own process group (`detached: true`), so a timeout kills the command *and* anything it
 *   started (PBS client wrappers are often shell scripts that fork the real binary);
 * - with a timeout: SIGTERM to the whole group, then SIGKILL after a short grace;
 * - keeping stdout even when the exit status is non-zero (Torque `qstat -x` prints XML for the ids
 *   it found and errors for the others on stderr, then exits 153);
 * - with stdin closed, so a command that asks for input cannot hang on it;
 * - never throwing: every outcome, including "not found", is data for the collector.
 */
import { spawn } from 'node:child_process';

export interface CommandSpec {
  /** Program then arguments; the program is looked up on PATH unless it has a slash. */
  argv: readonly string[];
}

export interface RunOptions {
  timeoutMs: number;
  /** Environment of the child; default: the agent's own. */
  env?: NodeJS.ProcessEnv;
  /** Stdout beyond this many bytes stops the command (`outputTooLarge`). */
  maxOutputBytes?: number;
  /** Milliseconds between SIGTERM and SIGKILL of a timed-out group. */
  killGraceMs?: number;
  /** Aborting kills the command's group at once (the agent is shutting down). */
  signal?: AbortSignal;
}

export interface CommandResult {
  argv: readonly string[];
  stdout: string;
  stderr: string;
  /** Exit status, or null when the process ended by a signal or never started. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** The program does not exist (ENOENT) or may not be run (EACCES). */
  notFound: boolean;
  outputTooLarge: boolean;
  durationMs: number;
  /** Bytes the command printed on stdout. */
  outputBytes: number;
}

/** What the collector needs of "run a command"; the simulator implements it without processes. */
export type CommandRunner = (spec: CommandSpec, options: RunOptions) => Promise<CommandResult>;

/** Stdout larger than this cannot become one JavaScript string anyway. */
export const DEFAULT_MAX_OUTPUT_BYTES = 512 * 2 ** 20;
const MAX_STDERR_BYTES = 64 * 1024;
const DEFAULT_KILL_GRACE_MS = 2000;

export function commandLine(argv: readonly string[]): string {
  return argv.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`)).join(' ');
}

export const runCommand: CommandRunner = (spec, options) =>
  new Promise((resolve) => {
    const started = performance.now();
    const maxOutput = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
    const stdoutChunks: Buffer[] = [];
    let stdoutBytes = 0;
    const stderrChunks: Buffer[] = [];
    let stderrBytes = 0;
    let timedOut = false;
    let outputTooLarge = false;
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;

    const [program, ...args] = spec.argv;
    const child = spawn(program!, args, {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: options.env ?? process.env,
    });

    const killGroup = (signal: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        // The group is already gone.
      }
    };
    const stop = () => {
      killGroup('SIGTERM');
      killTimer = setTimeout(() => killGroup('SIGKILL'), options.killGraceMs ?? DEFAULT_KILL_GRACE_MS);
    };
    const timeout = setTimeout(() => {
      timedOut = true;
      stop();
    }, options.timeoutMs);
    const abort = () => killGroup('SIGKILL');
    options.signal?.addEventListener('abort', abort, { once: true });
    if (options.signal?.aborted) abort();

    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > maxOutput) {
        if (!outputTooLarge) {
          outputTooLarge = true;
          stop();
        }
        return;
      }
      stdoutChunks.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderrBytes < MAX_STDERR_BYTES) stderrChunks.push(chunk);
      stderrBytes += chunk.length;
    });

    const finish = (exitCode: number | null, signal: NodeJS.Signals | null, notFound: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timeout);
      options.signal?.removeEventListener('abort', abort);
      // Whatever the command left behind in its group goes with it.
      killGroup('SIGKILL');
      if (killTimer) clearTimeout(killTimer);
      resolve({
        argv: spec.argv,
        stdout: outputTooLarge ? '' : Buffer.concat(stdoutChunks).toString('utf8'),
        stderr: Buffer.concat(stderrChunks).toString('utf8').slice(0, MAX_STDERR_BYTES),
        exitCode,
        signal,
        timedOut,
        notFound,
        outputTooLarge,
        durationMs: performance.now() - started,
        outputBytes: stdoutBytes,
      });
    };

    child.on('error', (error: NodeJS.ErrnoException) => {
      stderrChunks.push(Buffer.from(`${program}: ${error.message}`));
      finish(null, null, error.code === 'ENOENT' || error.code === 'EACCES');
    });
    // A command that exits while something it started still holds stdout open would otherwise
    // keep 'close' waiting until the timeout.
    child.on('exit', () => killGroup('SIGKILL'));
    // 'close' waits for stdout and stderr to end, so nothing printed is lost.
    child.on('close', (code, signal) => finish(code, signal, false));
  });
