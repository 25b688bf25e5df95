/**
 * A Slurm cluster's login node as the gateway meets it: a real OpenSSH sshd on loopback
 * (ssh-door.ts) and, behind it, the built `webstat-agent serve --config FILE`
 * bound to 127.0.0.1, reading the real Slurm of slurm-cluster.ts through its clients
 * (`SLURM_CONF` in the agent's environment, as a login node's /etc/slurm/slurm.conf would be).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { stringify } from 'yaml';
import type { BuiltSystem } from '../harness/built-system.ts';
import { SshDoor } from '../harness/ssh-door.ts';
import type { SlurmCluster } from './slurm-cluster.ts';

export interface SlurmLoginNodeOptions {
  system: BuiltSystem;
  slurm: SlurmCluster;
  /** Where the agent's configuration and the gateway's identity and known_hosts files go. */
  dir: string;
  cluster: string;
  label: string;
  /** Seconds between collections; below 15 only through the agent's test floor. */
  intervalSeconds: number;
  pollIntervalSeconds: number;
}

const STARTUP_TIMEOUT_MS = 60_000;

export class SlurmLoginNode {
  private constructor(
    private readonly agent: ChildProcess,
    private readonly door: SshDoor,
    private readonly options: SlurmLoginNodeOptions,
  ) {}

  static async start(options: SlurmLoginNodeOptions): Promise<SlurmLoginNode> {
    const config = join(options.dir, `${options.cluster}.agent.yaml`);
    // flavour auto: the agent finds Slurm with `sinfo --version`, as it would on a real login node.
    writeFileSync(config, stringify({ cluster: options.cluster, flavour: 'auto', interval: options.intervalSeconds, commandTimeout: 20, bind: 'tcp://127.0.0.1:0', logLevel: 'warn' }));
    const agent = spawn(process.execPath, [options.system.agentCli, 'serve', '--config', config], {
      cwd: options.dir,
      env: { ...process.env, ...options.slurm.env, WEBSTAT_AGENT_TEST_INTERVAL_FLOOR: String(options.intervalSeconds) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    agent.stderr!.on('data', (chunk: Buffer) => (stderr = `${stderr}${chunk}`.slice(-4000)));
    const timer = setTimeout(() => agent.kill('SIGKILL'), STARTUP_TIMEOUT_MS);
    let agentPort = 0;
    try {
      for await (const line of createInterface({ input: agent.stdout! })) {
        const match = /^listening tcp:\/\/127\.0\.0\.1:(\d+)$/.exec(line);
        if (match) {
          agentPort = Number(match[1]);
          break;
        }
      }
    } finally {
      clearTimeout(timer);
    }
    if (agentPort === 0) throw new Error(`the Slurm agent ended without listening:\n${stderr}`);

    try {
      return new SlurmLoginNode(agent, await SshDoor.open(options.dir, options.cluster, agentPort), options);
    } catch (error) {
      agent.kill('SIGTERM');
      throw error;
    }
  }

  get agentPort(): number {
    return this.door.agentPort;
  }

  get sshd() {
    return this.door.sshd;
  }

  /** This cluster in the gateway's configuration file (gateway/README.md). */
  gatewayEntry(): Record<string, unknown> {
    return this.door.gatewayEntry(this.options);
  }

  async close(): Promise<void> {
    if (this.agent.exitCode === null && this.agent.signalCode === null) {
      const exited = once(this.agent, 'exit');
      this.agent.kill('SIGTERM');
      const timer = setTimeout(() => this.agent.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await this.door.close();
  }
}
