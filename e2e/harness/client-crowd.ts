/**
 * The parent's side of a crowd of protocol clients (client-crowd-process.ts): starts the process,
 * connects its clients to a gateway, and asks it for reports. `stop()` ends the process.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { ClientPlan, CrowdReport, FromCrowd, ToCrowd } from './client-crowd-process.ts';

export type { ClientPlan, CrowdReport } from './client-crowd-process.ts';

const PROCESS = fileURLToPath(new URL('./client-crowd-process.ts', import.meta.url));

export class ClientCrowd {
  private constructor(private readonly child: ChildProcess) {}

  /** Connects every planned client; resolves once each has its welcome (or failed). */
  static async start(url: string, token: string, plan: ClientPlan[]): Promise<{ crowd: ClientCrowd; connected: number; failed: string[] }> {
    const child = fork(PROCESS, [], { execArgv: ['--import', 'tsx', '--max-old-space-size=2048'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const crowd = new ClientCrowd(child);
    const ready = crowd.next('ready');
    crowd.send({ op: 'start', url, token, plan });
    const { connected, failed } = (await ready) as Extract<FromCrowd, { op: 'ready' }>;
    return { crowd, connected, failed };
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  async report(): Promise<CrowdReport> {
    const reply = this.next('report');
    this.send({ op: 'report' });
    return ((await reply) as Extract<FromCrowd, { op: 'report' }>).report;
  }

  /** Waits until every client holds at least `seqs[cluster]`; returns those that still lag. */
  async catchUp(seqs: Record<string, number>, timeoutMs: number): Promise<string[]> {
    const reply = this.next('caught-up');
    this.send({ op: 'catch-up', seqs, timeoutMs });
    return ((await reply) as Extract<FromCrowd, { op: 'caught-up' }>).lagging;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = once(this.child, 'exit');
    this.send({ op: 'stop' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  }

  private send(message: ToCrowd): void {
    this.child.send(message);
  }

  private next(op: FromCrowd['op']): Promise<FromCrowd> {
    return new Promise((resolve, reject) => {
      const onMessage = (message: FromCrowd) => {
        if (message.op !== op) return;
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
        resolve(message);
      };
      const onExit = (code: number | null) => reject(new Error(`the client crowd exited (${code}) before its ${op}`));
      this.child.on('message', onMessage);
      this.child.once('exit', onExit);
    });
  }
}
