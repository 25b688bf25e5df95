/**
 * A real agent for the gateway's tests: `webstat-agent simulate` (or `serve`) as a child process
 * (the gateway never imports agent code; they meet on the wire, as in production). The test can pause it
 * (SIGSTOP: it stops answering but its sockets stay open), resume it, and restart it on the same
 * port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = fileURLToPath(new URL('../../agent/cli.ts', import.meta.url));

export interface AgentProcessOptions {
  cluster?: string;
  /** Seconds between collections (fractions allowed). */
  interval?: number;
  jobs?: number;
  nodes?: number;
  users?: number;
  /** Port to bind on 127.0.0.1; 0 picks one. */
  port?: number;
}

export class AgentProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly options: AgentProcessOptions,
  ) {}

  /** `webstat-agent serve --config FILE`: the real agent on whatever `qstat` the PATH in `env`
   * finds (tests put agent/testing/fake-scheduler/ first). */
  static async serve(configFile: string, env: NodeJS.ProcessEnv): Promise<AgentProcess> {
    return AgentProcess.spawn(['--import', 'tsx', CLI, 'serve', '--config', configFile], env, {});
  }

  static async start(options: AgentProcessOptions = {}): Promise<AgentProcess> {
    const args = [
      '--import',
      'tsx',
      CLI,
      'simulate',
      '--cluster',
      options.cluster ?? 'sim',
      '--interval',
      String(options.interval ?? 1),
      '--jobs',
      String(options.jobs ?? 100),
      '--nodes',
      String(options.nodes ?? 10),
      '--users',
      String(options.users ?? 12),
      '--bind',
      `tcp://127.0.0.1:${options.port ?? 0}`,
    ];
    return AgentProcess.spawn(args, process.env, options);
  }

  private static async spawn(args: string[], env: NodeJS.ProcessEnv, options: AgentProcessOptions): Promise<AgentProcess> {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    for await (const line of createInterface({ input: child.stdout! })) {
      const match = /^listening (tcp:\/\/127\.0\.0\.1:\d+)$/.exec(line);
      if (match) return new AgentProcess(child, match[1]!, options);
    }
    throw new Error(`the agent ended without listening: ${stderr}`);
  }

  get port(): number {
    return Number(this.url.slice(this.url.lastIndexOf(':') + 1));
  }

  /** The agent stops answering; its sockets stay open (a hung process, a full disk...). */
  pause(): void {
    this.child.kill('SIGSTOP');
  }

  resume(): void {
    this.child.kill('SIGCONT');
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGCONT');
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }

  /** A new simulated agent on the same port (its sequence numbers start afresh). */
  async restart(): Promise<AgentProcess> {
    await this.stop();
    return AgentProcess.start({ ...this.options, port: this.port });
  }
}
