/**
 * The door the gateway takes to an agent on a login node: a real OpenSSH sshd on loopback
 * (gateway/testing/real-sshd.ts) whose only authorized key may open a tunnel to the agent's port
 * and do nothing else (as the gateway's README tells admins to set it up), the gateway's identity
 * file for that key, and a known_hosts file naming exactly this sshd's host key. The gateway's
 * configuration entry has no address for the agent, only its port on the login node, so it can
 * reach the agent through the tunnel alone.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RealSshd } from '../../gateway/testing/real-sshd.ts';
import { generateKeyPair } from '../../gateway/testing/ssh-test-server.ts';

export interface ClusterEntryOptions {
  cluster: string;
  label: string;
  /** Seconds between the gateway's polls of this cluster. */
  pollIntervalSeconds: number;
}

export class SshDoor {
  private constructor(
    readonly sshd: RealSshd,
    readonly agentPort: number,
    private readonly identityFile: string,
    private readonly knownHostsFile: string,
  ) {}

  /** Starts the sshd for the agent listening on 127.0.0.1:`agentPort`; files go in `dir`. */
  static async open(dir: string, cluster: string, agentPort: number): Promise<SshDoor> {
    const key = generateKeyPair('ed25519');
    const identityFile = join(dir, `${cluster}.id_ed25519`);
    writeFileSync(identityFile, key.private, { mode: 0o600 });
    const sshd = await RealSshd.start(`restrict,port-forwarding,permitopen="127.0.0.1:${agentPort}" ${key.public}`);
    const knownHostsFile = join(dir, `${cluster}.known_hosts`);
    writeFileSync(knownHostsFile, `${sshd.knownHostsLine()}\n`);
    return new SshDoor(sshd, agentPort, identityFile, knownHostsFile);
  }

  /** The cluster in the gateway's configuration file (gateway/README.md). */
  gatewayEntry(options: ClusterEntryOptions): Record<string, unknown> {
    return {
      name: options.cluster,
      label: options.label,
      pollInterval: options.pollIntervalSeconds,
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

  close(): Promise<void> {
    return this.sshd.stop();
  }
}
