/**
 * A daemon the Slurm harness runs in the foreground (`munged -F`, `slurmctld -D`, `slurmd -D`):
 * started as a child, its output kept (the last lines go into error messages when it will not
 * come up), and stopped by its pid: SIGTERM, then SIGKILL after a grace period.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

const KEPT_OUTPUT = 16 * 1024;

export class DaemonProcess {
  private readonly child: ChildProcess;
  private output = '';
  private readonly exited: Promise<void>;
  private exitDescription: string | null = null;

  constructor(
    readonly name: string,
    argv: readonly string[],
    options: SpawnOptions,
  ) {
    const [program, ...args] = argv;
    this.child = spawn(program!, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-KEPT_OUTPUT);
    };
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
    this.exited = new Promise((resolve) => {
      this.child.once('error', (error) => {
        this.exitDescription = error.message;
        resolve();
      });
      this.child.once('exit', (code, signal) => {
        this.exitDescription = signal ? `killed by ${signal}` : `exited with status ${code}`;
        resolve();
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Null while running; how it ended once it has. */
  get ended(): string | null {
    return this.exitDescription;
  }

  /** The last lines it printed, for error messages. */
  tail(lines = 20): string {
    return this.output.trimEnd().split('\n').slice(-lines).join('\n');
  }

  /** Sends a signal (SIGSTOP/SIGCONT freeze and thaw it for fault tests). */
  signal(signal: NodeJS.Signals): void {
    if (this.exitDescription === null) this.child.kill(signal);
  }

  /** SIGTERM, and SIGKILL if it is still there after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.exitDescription !== null || this.child.pid === undefined) return;
    this.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const killed = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        resolve();
      }, graceMs);
    });
    await Promise.race([this.exited, killed]);
    clearTimeout(timer);
    await this.exited;
  }

  /** Synchronous last resort when the test process exits without stopping the cluster. */
  killNow(): void {
    if (this.exitDescription === null && this.child.pid !== undefined) this.child.kill('SIGKILL');
  }
}
