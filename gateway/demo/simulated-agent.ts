/**
 * One simulated agent for the demo: `webstat-agent simulate` as a child process on loopback, with
 * real ZeroMQ and the real parsers. The gateway never imports agent code (DESIGN.md); they meet on
 * the wire, as in production. Compiled, the agent runs from dist/agent/cli.js; from source,
 * agent/cli.ts through tsx.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { DemoCluster } from './demo-clusters.ts';

/** How long an agent may take to print its address (tsx from source on a busy machine is slow). */
export const DEFAULT_START_TIMEOUT_MS = 60_000;

export interface AgentStartOptions {
  timeoutMs?: number;
  /** Aborting gives up the start: the child is killed and the start fails. */
  signal?: AbortSignal;
  /**
   * Freeze the agent (SIGSTOP) as soon as it is spawned, so it never listens: an agent hung at
   * start, as on a stuck file system. For testing the demo's failure path
   * (`WEBSTAT_DEMO_HANG_AGENT`).
   */
  hang?: boolean;
  /**
   * The agent steps its cluster `steps` times before it listens and hands each state reached to
   * `onFrame` (a snapshot frame), for the demo's history fill (demo-history.ts). An `onFrame` that
   * throws fails the start with its error.
   */
  warmUp?: { steps: number; onFrame(frame: Uint8Array): void };
}

export class AgentStartError extends Error {
  override name = 'AgentStartError';
  readonly code = 'agent-start-failed';
}

/** How to run `webstat-agent` from wherever this file runs. */
export function agentCommand(): { command: string; args: string[] } {
  const fromSource = import.meta.url.endsWith('.ts');
  const cli = fileURLToPath(new URL(fromSource ? '../../agent/cli.ts' : '../../agent/cli.js', import.meta.url));
  return { command: process.execPath, args: fromSource ? ['--import', 'tsx', cli] : [cli] };
}

export class SimulatedAgent {
  private frozen = false;

  private constructor(
    readonly cluster: DemoCluster,
    private readonly child: ChildProcess,
    /** `tcp://127.0.0.1:PORT`, as the agent printed it. */
    readonly endpoint: string,
  ) {}

  /**
   * Starts the agent and waits for it to say where it listens. It fails with `agent-start-failed`
   * when the agent exits first, cannot be run, is not listening within `timeoutMs`, or `signal`
   * aborts (another agent of the demo failed); the child is then killed and reaped before the
   * promise rejects, so nothing is left running.
   */
  static async start(cluster: DemoCluster, intervalSeconds: number, options: AgentStartOptions = {}): Promise<SimulatedAgent> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_START_TIMEOUT_MS;
    const { command, args } = agentCommand();
    const child = spawn(
      command,
      [
        ...args,
        'simulate',
        '--cluster', cluster.name,
        '--flavour', cluster.flavour,
        '--jobs', String(cluster.jobs),
        '--nodes', String(cluster.nodes),
        '--users', String(cluster.users),
        '--groups', String(cluster.groups),
        '--seed', String(cluster.seed),
        '--interval', String(intervalSeconds),
        '--bind', 'tcp://127.0.0.1:0',
        '--log-level', 'error',
        ...(options.warmUp ? ['--warm-up-steps', String(options.warmUp.steps), '--warm-up-frames'] : []),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    if (options.hang) child.kill('SIGSTOP');
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let cleanUp = () => {};
    const endpoint = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout! });
      const fail = (why: string) => reject(new AgentStartError(`simulated agent ${cluster.name} ${why}`));
      const timer = setTimeout(() => fail(`did not start within ${timeoutMs / 1000} s`), timeoutMs);
      const onAbort = () => fail('was stopped: another agent failed to start');
      cleanUp = () => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
      };
      if (options.signal?.aborted) onAbort();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      lines.on('line', (line) => {
        if (line.startsWith('warm-up ')) {
          try {
            options.warmUp?.onFrame(Buffer.from(line.slice('warm-up '.length), 'base64'));
          } catch (error) {
            reject(error);
          }
          return;
        }
        const match = /^listening (tcp:\/\/\S+)$/.exec(line.trim());
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code, signal) => fail(`exited with ${code ?? signal} before listening`));
      child.once('error', (error) => fail(`could not run: ${error.message}`));
    })
      .catch(async (error: unknown) => {
        // SIGKILL works on a stopped process too; wait for the exit so no child outlives the demo.
        if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
          child.kill('SIGKILL');
          await exited;
        }
        throw error;
      })
      .finally(() => cleanUp());
    return new SimulatedAgent(cluster, child, endpoint);
  }

  /** Freezes the agent (SIGSTOP): it stops answering, as an agent behind a dead link would. */
  freeze(): void {
    if (this.frozen || this.child.exitCode !== null) return;
    this.frozen = this.child.kill('SIGSTOP');
  }

  thaw(): void {
    if (!this.frozen) return;
    this.child.kill('SIGCONT');
    this.frozen = false;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.thaw(); // a stopped process would hold SIGTERM until continued
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}
