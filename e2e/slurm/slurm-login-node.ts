/**
 * A Slurm cluster's login node as the gateway meets it: a real OpenSSH sshd on loopback
 * (gateway/testing/real-sshd.ts) and, behind it, the built `webstat-agent serve --config FILE`
 * bound to 127.0.0.1, reading the real Slurm of slurm-cluster.ts through its clients
 * (`SLURM_CONF` in the agent's environment, as a login node's /etc/slurm/slurm.conf would be).
 * The gateway's key may open a tunnel to the agent's port and nothing else, and its known_hosts
 * names exactly this sshd's host key.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { stringify } from 'yaml';
import { RealSshd } from '../../gateway/testing/real-sshd.ts';
import { generateKeyPair } from '../../gateway/testing/ssh-test-server.ts';
import type { BuiltSystem } from '../harness/built-system.ts';
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
    private readonly options: SlurmLoginNodeOptions,
    private readonly agent: ChildProcess,
    readonly agentPort: number,
    readonly sshd: RealSshd,
    private readonly identityFile: string,
    private readonly knownHostsFile: string,
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

    const key = generateKeyPair('ed25519');
    const identityFile = join(options.dir, `${options.cluster}.id_ed25519`);
    writeFileSync(identityFile, key.private, { mode: 0o600 });
    let sshd: RealSshd;
    try {
      sshd = await RealSshd.start(`restrict,port-forwarding,permitopen="127.0.0.1:${agentPort}" ${key.public}`);
    } catch (error) {
      agent.kill('SIGTERM');
      throw error;
    }
    const knownHostsFile = join(options.dir, `${options.cluster}.known_hosts`);
    writeFileSync(knownHostsFile, `${sshd.knownHostsLine()}\n`);
    return new SlurmLoginNode(options, agent, agentPort, sshd, identityFile, knownHostsFile);
  }

  /** This cluster in the gateway's configuration file (gateway/README.md). */
  gatewayEntry(): Record<string, unknown> {
    return {
      name: this.options.cluster,
      label: this.options.label,
      pollInterval: this.options.pollIntervalSeconds,
      agent: {
        ssh: {
          host: '127.0.0.1',
          port: this.sshd.port,
          user: this.sshd.user,
          identityFile: this.identityFile,
          knownHosts: this.knownHostsFile,
          keepaliveSeconds: 2,
        },
        port: this.agentPort,
      },
    };
  }

  async close(): Promise<void> {
    if (this.agent.exitCode === null && this.agent.signalCode === null) {
      const exited = once(this.agent, 'exit');
      this.agent.kill('SIGTERM');
      const timer = setTimeout(() => this.agent.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await this.sshd.stop();
  }
}
