/**
 * The gateway as an admin runs it: the built `webstat gateway --config FILE` in a child process,
 * its configuration a YAML file the test writes (gateway/README.md), its history in a SQLite file
 * in the test's directory, its JSON log lines kept. It listens on a port chosen free beforehand, so
 * a restart comes back at the same address and the browsers' WebSockets find it again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { stringify } from 'yaml';
import { freePort } from '../../gateway/testing/real-sshd.ts';
import type { BuiltSystem } from './built-system.ts';

/** One line of the gateway's log (pino): level 50 is an error, 60 fatal. */
export interface GatewayLogLine {
  level: number;
  time: number;
  msg: string;
  cluster?: string;
  [key: string]: unknown;
}

/** A cluster of /healthz. */
export interface ClusterHealth {
  name: string;
  status: 'ok' | 'stale' | 'unreachable' | 'scheduler-error' | 'unknown';
  code: string | null;
  message: string | null;
  lastOkAt: number | null;
  durationMs: number | null;
  seq: number;
  time: number | null;
}

export interface GatewayProcessOptions {
  system: BuiltSystem;
  /** The test's directory: the configuration and the database go there. */
  dir: string;
  /** The configuration file's content except `listen`, `database` and `site`, which are set here. */
  config: Record<string, unknown>;
}

const STARTUP_TIMEOUT_MS = 90_000;

export class GatewayProcess {
  /** Every line the gateway logged, across restarts. */
  readonly log: GatewayLogLine[] = [];
  readonly configFile: string;
  readonly database: string;
  private child: ChildProcess | null = null;
  private outputTail = '';

  private constructor(
    private readonly options: GatewayProcessOptions,
    readonly port: number,
  ) {
    this.configFile = join(options.dir, 'gateway.yaml');
    this.database = join(options.dir, 'history.sqlite');
  }

  static async start(options: GatewayProcessOptions): Promise<GatewayProcess> {
    const gateway = new GatewayProcess(options, await freePort());
    writeFileSync(
      gateway.configFile,
      stringify({
        listen: { host: '127.0.0.1', port: gateway.port },
        database: gateway.database,
        site: options.system.site,
        ...options.config,
      }),
    );
    await gateway.launch();
    return gateway;
  }

  /** `http://127.0.0.1:PORT/`: the site, and `ws` below it. */
  get url(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Log lines at level error or above. */
  errors(): GatewayLogLine[] {
    return this.log.filter((line) => line.level >= 50);
  }

  /** The gateway process's resident memory now, in bytes (VmRSS of /proc/PID/status). */
  rssBytes(): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
    if (!match) throw new Error(`no VmRSS in /proc/${this.pid}/status`);
    return Number(match[1]) * 1024;
  }

  /** Every cluster as /healthz reports it. */
  async health(): Promise<ClusterHealth[]> {
    const response = await fetch(new URL('healthz', this.url), { signal: AbortSignal.timeout(10_000) });
    if (response.status !== 200) throw new Error(`/healthz: HTTP ${response.status}`);
    return ((await response.json()) as { clusters: ClusterHealth[] }).clusters;
  }

  async clusterHealth(name: string): Promise<ClusterHealth> {
    const cluster = (await this.health()).find((one) => one.name === name);
    if (!cluster) throw new Error(`/healthz has no cluster ${name}`);
    return cluster;
  }

  /** Stops it gracefully (SIGTERM: WebSockets closed with 1001) and starts it again, same port. */
  async restart(): Promise<void> {
    await this.stop();
    await this.launch();
  }

  /** SIGTERM, as systemd stops it; SIGKILL if it has not exited after 20 s. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }

  private async launch(): Promise<void> {
    const child = spawn(process.execPath, [this.options.system.gatewayCli, 'gateway', '--config', this.configFile, '--log-level', 'info'], {
      cwd: this.options.dir,
      env: { ...process.env, PORT: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (line: string) => {
      this.outputTail = `${this.outputTail}${line}\n`.slice(-8000);
      try {
        this.log.push(JSON.parse(line) as GatewayLogLine);
      } catch {
        // A line that is not JSON (a usage or configuration error on stderr): kept in the tail.
      }
    };
    createInterface({ input: child.stdout! }).on('line', keep);
    createInterface({ input: child.stderr! }).on('line', keep);
    const deadline = Date.now() + STARTUP_TIMEOUT_MS;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the gateway exited (${child.exitCode ?? child.signalCode}):\n${this.outputTail}`);
      try {
        await this.health();
        return;
      } catch {
        if (Date.now() > deadline) {
          child.kill('SIGKILL');
          throw new Error(`the gateway did not answer /healthz within ${STARTUP_TIMEOUT_MS / 1000} s:\n${this.outputTail}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }
}
