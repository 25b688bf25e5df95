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

  static async start(cluster: DemoCluster, intervalSeconds: number): Promise<SimulatedAgent> {
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
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const endpoint = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout! });
      const fail = (why: string) => reject(new AgentStartError(`simulated agent ${cluster.name} ${why}`));
      const timer = setTimeout(() => fail('did not start within 60 s'), 60_000);
      lines.on('line', (line) => {
        const match = /^listening (tcp:\/\/\S+)$/.exec(line.trim());
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        fail(`exited with ${code} before listening`);
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        fail(`could not run: ${error.message}`);
      });
    }).catch((error: unknown) => {
      child.kill('SIGKILL');
      throw error;
    });
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
