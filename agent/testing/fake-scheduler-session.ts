/**
 * Test helper around the fake `qstat`/`pbsnodes`/`showq` executables (fake-scheduler/): a temp
 * directory with the script they follow and the log of their calls, and the environment that puts
 * them first on PATH. `close()` removes the directory.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FAKE_SCHEDULER_BIN = fileURLToPath(new URL('./fake-scheduler/', import.meta.url));
/** The real scheduler outputs (`../shared/fixtures/scheduler-outputs/`), read in place. */
export const FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/scheduler-outputs/', import.meta.url));

/** One fake command's behaviour (see fake-scheduler/fake-scheduler.js). */
export interface FakeBehaviour {
  stdoutFile?: string;
  stdout?: string;
  stderr?: string;
  garbage?: boolean;
  sleepMs?: number;
  hang?: boolean;
  ignoreTerm?: boolean;
  childPidFile?: string;
  exitCode?: number;
}

/** Command line (`qstat -f -t -F json`) → behaviour; `*` answers anything not listed. */
export type FakeScript = Record<string, FakeBehaviour>;

export class FakeSchedulerSession {
  readonly dir = mkdtempSync(join(tmpdir(), 'webstat-fake-pbs-'));
  readonly scriptFile = join(this.dir, 'script.json');
  readonly callsFile = join(this.dir, 'calls.log');
  /** The environment that makes `qstat` and `pbsnodes` the fakes. */
  readonly env: NodeJS.ProcessEnv;

  constructor(script: FakeScript = {}) {
    this.env = { ...process.env, PATH: `${FAKE_SCHEDULER_BIN}:${process.env.PATH ?? ''}`, FAKE_PBS_SCRIPT: this.scriptFile, FAKE_PBS_CALLS: this.callsFile };
    this.script(script);
    writeFileSync(this.callsFile, '');
  }

  /** Replaces the script; the fakes read it afresh at every call. */
  script(script: FakeScript): void {
    writeFileSync(this.scriptFile, JSON.stringify(script));
  }

  /** Writes a file into the session directory (a rendered output to print) and returns its path. */
  file(name: string, content: string): string {
    const path = join(this.dir, name);
    writeFileSync(path, content);
    return path;
  }

  /** Every call so far, as `program args`. */
  calls(): string[] {
    return readFileSync(this.callsFile, 'utf8').split('\n').filter((line) => line !== '');
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** True when the process is gone (or a zombie nobody has reaped yet: it runs no more). */
export function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}
