/**
 * A cluster's login node as the gateway meets it: a real OpenSSH sshd on loopback (its own
 * configuration, host key and authorized_keys; gateway/testing/real-sshd.ts) and, behind it, the
 * agent bound to loopback with the fake scheduler (login-node-agent.ts). The gateway gets an
 * identity file whose key sshd lets forward to the agent's port and nothing else, and a known_hosts
 * file naming exactly this sshd's host key; it reaches the agent only through its tunnel (the
 * configuration entry it gets has no address for the agent, only its port on the login node).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RealSshd } from '../../gateway/testing/real-sshd.ts';
import { generateKeyPair } from '../../gateway/testing/ssh-test-server.ts';
import { LoginNodeAgent, type LoginNodeAgentOptions } from './login-node-agent.ts';

export interface LoginNodeOptions extends LoginNodeAgentOptions {
  /** Where the gateway's identity and known_hosts files go. */
  dir: string;
  label: string;
  /** Seconds between the gateway's polls of this cluster. */
  pollIntervalSeconds: number;
}

export class LoginNode {
  private constructor(
    private readonly options: LoginNodeOptions,
    readonly sshd: RealSshd,
    readonly agent: LoginNodeAgent,
    private readonly identityFile: string,
    private readonly knownHostsFile: string,
  ) {}

  static async start(options: LoginNodeOptions): Promise<LoginNode> {
    const key = generateKeyPair('ed25519');
    const identityFile = join(options.dir, `${options.cluster}.id_ed25519`);
    writeFileSync(identityFile, key.private, { mode: 0o600 });
    const agent = await LoginNodeAgent.start(options);
    let sshd: RealSshd;
    try {
      // The gateway's key may open a tunnel to the agent's port and do nothing else, as the
      // gateway's README tells admins to set it up.
      sshd = await RealSshd.start(`restrict,port-forwarding,permitopen="127.0.0.1:${agent.agentPort}" ${key.public}`);
    } catch (error) {
      await agent.close();
      throw error;
    }
    const knownHostsFile = join(options.dir, `${options.cluster}.known_hosts`);
    writeFileSync(knownHostsFile, `${sshd.knownHostsLine()}\n`);
    return new LoginNode(options, sshd, agent, identityFile, knownHostsFile);
  }

  get cluster(): string {
    return this.options.cluster;
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
        port: this.agent.agentPort,
      },
    };
  }

  async close(): Promise<void> {
    await this.agent.close();
    await this.sshd.stop();
  }
}
