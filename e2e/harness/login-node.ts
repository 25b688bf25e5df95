/**
 * A cluster's login node as the gateway meets it: a real OpenSSH sshd on loopback (its own
 * configuration, host key and authorized_keys) and, behind it, the
 * agent bound to loopback with the fake scheduler (login-node-agent.ts). The gateway reaches the
 * agent only through its tunnel (ssh-door.ts).
 */
import { LoginNodeAgent, type LoginNodeAgentOptions } from './login-node-agent.ts';
import { SshDoor } from './ssh-door.ts';

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
    private readonly door: SshDoor,
    readonly agent: LoginNodeAgent,
  ) {}

  static async start(options: LoginNodeOptions): Promise<LoginNode> {
    const agent = await LoginNodeAgent.start(options);
    try {
      return new LoginNode(options, await SshDoor.open(options.dir, options.cluster, agent.agentPort), agent);
    } catch (error) {
      await agent.close();
      throw error;
    }
  }

  get cluster(): string {
    return this.options.cluster;
  }

  get sshd() {
    return this.door.sshd;
  }

  /** This cluster in the gateway's configuration file (gateway/README.md). */
  gatewayEntry(): Record<string, unknown> {
    return this.door.gatewayEntry(this.options);
  }

  async close(): Promise<void> {
    await this.agent.close();
    await this.door.close();
  }
}
