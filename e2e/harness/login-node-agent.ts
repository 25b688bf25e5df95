/**
 * A cluster's agent as it runs on a login node: the built `webstat-agent serve --config FILE`,
 * bound to 127.0.0.1 only, with the fake `qstat`/`pbsnodes` of agent/testing/fake-scheduler first
 * on PATH printing what the test's script says (real fixture outputs, then the test's evolution,
 * hangs, garbage). The script file and the call log live in the FakeSchedulerSession's directory,
 * beside the agent's configuration.
 *
 * `kill()` is a crash (SIGKILL: no goodbye on the socket); `restart()` starts it again on the same
 * port, as systemd's `Restart=always` would, with sequence numbers starting afresh.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { stringify } from 'yaml';
import { FakeSchedulerSession, type FakeScript } from '../../agent/testing/fake-scheduler-session.ts';
import type { BuiltSystem } from './built-system.ts';

export interface LoginNodeAgentOptions {
  system: BuiltSystem;
  cluster: string;
  flavour: 'pbspro' | 'openpbs' | 'torque';
  script: FakeScript;
  /** Seconds between collections; below 15 only through the test floor (agent/config/interval-floor.ts). */
  intervalSeconds: number;
  /** Seconds before a hanging command is killed. */
  commandTimeoutSeconds: number;
}

/** One JSON line of the agent's log (pino). */
export interface AgentLogLine {
  level: number;
  time: number;
  msg: string;
  durationMs?: number;
  code?: string;
  nextInMs?: number;
}

const STARTUP_TIMEOUT_MS = 60_000;

export class LoginNodeAgent {
  readonly scheduler: FakeSchedulerSession;
  /** Every line the agent logged, across restarts. */
  readonly log: AgentLogLine[] = [];
  private child: ChildProcess | null = null;
  private port = 0;
  private stderrTail = '';

  private constructor(private readonly options: LoginNodeAgentOptions) {
    this.scheduler = new FakeSchedulerSession(options.script);
  }

  static async start(options: LoginNodeAgentOptions): Promise<LoginNodeAgent> {
    const agent = new LoginNodeAgent(options);
    try {
      await agent.launch();
    } catch (error) {
      agent.scheduler.close();
      throw error;
    }
    return agent;
  }

  /** The agent's port on the login node's loopback (what the gateway's tunnel forwards to). */
  get agentPort(): number {
    return this.port;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** How many times each fake command ran so far: `qstat` (jobs and queues) and `pbsnodes`. */
  runs(program: 'qstat' | 'pbsnodes'): number {
    return this.scheduler.calls().filter((call) => call.startsWith(`${program} `)).length;
  }

  /** How many collections began so far: the first command of each asks for the jobs. */
  collectionsStarted(): number {
    return this.scheduler.calls().filter((call) => /^qstat (-f|-x)\b/.test(call)).length;
  }

  /** The agent crashes: SIGKILL, its socket gone without a word. */
  async kill(): Promise<void> {
    await this.end('SIGKILL');
  }

  /** Started again on the same port. */
  async restart(): Promise<void> {
    await this.end('SIGTERM');
    await this.launch();
  }

  /** Stops the agent (SIGTERM, as systemd does) and removes the fake scheduler's directory. */
  async close(): Promise<void> {
    await this.end('SIGTERM');
    this.scheduler.close();
  }

  private async launch(): Promise<void> {
    const config = this.scheduler.file(
      'agent.yaml',
      stringify({
        cluster: this.options.cluster,
        flavour: this.options.flavour,
        interval: this.options.intervalSeconds,
        commandTimeout: this.options.commandTimeoutSeconds,
        bind: `tcp://127.0.0.1:${this.port}`,
        logLevel: 'info',
      }),
    );
    const env: NodeJS.ProcessEnv = { ...this.scheduler.env };
    if (this.options.intervalSeconds < 15) env.WEBSTAT_AGENT_TEST_INTERVAL_FLOOR = String(this.options.intervalSeconds);
    const child = spawn(process.execPath, [this.options.system.agentCli, 'serve', '--config', config], {
      cwd: this.scheduler.dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    createInterface({ input: child.stderr! }).on('line', (line) => {
      this.stderrTail = `${this.stderrTail}${line}\n`.slice(-4000);
      try {
        this.log.push(JSON.parse(line) as AgentLogLine);
      } catch {
        // Not a log line (a crash message): kept in the tail for error messages.
      }
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), STARTUP_TIMEOUT_MS);
    try {
      for await (const line of createInterface({ input: child.stdout! })) {
        const match = /^listening tcp:\/\/127\.0\.0\.1:(\d+)$/.exec(line);
        if (match) {
          this.port = Number(match[1]);
          return;
        }
      }
      throw new Error(`the agent of ${this.options.cluster} ended without listening:\n${this.stderrTail}`);
    } finally {
      clearTimeout(timer);
    }
  }

  private async end(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
