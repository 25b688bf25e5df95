/**
 * The ssh2 connection settings for one login node, read afresh before each attempt (so an admin
 * who fixes known_hosts or rotates a key needs no restart), and the verdict of the host key check.
 *
 * The host key check is the gateway's only defence against a spoofed login node: an unknown,
 * changed or revoked key refuses the connection. There is no "accept on first use".
 */
import { readFileSync } from 'node:fs';
import type { ConnectConfig } from 'ssh2';
import { knownKeyTypes, parseKnownHosts, verifyHostKey, type HostKeyVerdict } from './known-hosts.ts';
import { TunnelError } from './tunnel-error.ts';

export interface SshEndpoint {
  host: string;
  port: number;
  user: string;
  /** Private key file, or null for the ssh-agent at `agentSocket`. */
  identityFile: string | null;
  knownHosts: string;
  keepaliveSeconds: number;
}

export interface SshAttempt {
  config: ConnectConfig;
  /** The host key check's verdict once the server presented its key, else null. */
  verdict(): HostKeyVerdict | null;
}

/** ssh2's names for the host key algorithms of each key type in known_hosts. */
const ALGORITHMS_OF_KEY_TYPE: Record<string, string[]> = {
  'ssh-ed25519': ['ssh-ed25519'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
};

export function sshAttempt(
  endpoint: SshEndpoint,
  options: { agentSocket: string | undefined; readyTimeoutMs: number; keepaliveCountMax: number },
): SshAttempt {
  let knownHostsText: string;
  try {
    knownHostsText = readFileSync(endpoint.knownHosts, 'utf8');
  } catch (error) {
    throw new TunnelError('known-hosts-unreadable', `cannot read ${endpoint.knownHosts}: ${(error as Error).message}`);
  }
  const entries = parseKnownHosts(knownHostsText);

  let privateKey: Buffer | undefined;
  if (endpoint.identityFile !== null) {
    try {
      privateKey = readFileSync(endpoint.identityFile);
    } catch (error) {
      throw new TunnelError('identity-unreadable', `cannot read ${endpoint.identityFile}: ${(error as Error).message}`);
    }
  } else if (!options.agentSocket) {
    throw new TunnelError('identity-unreadable', 'no identity file configured and no ssh-agent (SSH_AUTH_SOCK) to use');
  }

  let verdict: HostKeyVerdict | null = null;
  const serverHostKey = knownKeyTypes(entries, endpoint.host, endpoint.port).flatMap((type) => ALGORITHMS_OF_KEY_TYPE[type] ?? []);
  const config: ConnectConfig = {
    host: endpoint.host,
    port: endpoint.port,
    username: endpoint.user,
    readyTimeout: options.readyTimeoutMs,
    keepaliveInterval: Math.max(1, Math.round(endpoint.keepaliveSeconds * 1000)),
    keepaliveCountMax: options.keepaliveCountMax,
    hostVerifier: (key: Buffer) => {
      verdict = verifyHostKey(entries, endpoint.host, endpoint.port, key);
      return verdict === 'match';
    },
    ...(privateKey ? { privateKey } : { agent: options.agentSocket }),
    // Ask for the key types known_hosts lists, as OpenSSH does, so a server with several host keys
    // presents one we can check. An unlisted host gets ssh2's defaults and is refused anyway.
    ...(serverHostKey.length > 0 ? { algorithms: { serverHostKey: serverHostKey as never } } : {}),
  };
  return { config, verdict: () => verdict };
}

/** Maps an ssh2 failure to a tunnel error code (ssh2 tags its errors with a `level`). */
export function classifySshError(error: Error & { level?: string }, verdict: HostKeyVerdict | null, endpoint: SshEndpoint): TunnelError {
  const where = `${endpoint.user}@${endpoint.host}:${endpoint.port}`;
  if (verdict !== null && verdict !== 'match') {
    const reasons: Record<Exclude<HostKeyVerdict, 'match'>, string> = {
      unknown: `the host key of ${where} is not in ${endpoint.knownHosts}; refused (add it with ssh-keyscan after checking its fingerprint)`,
      changed: `the host key of ${where} differs from the one in ${endpoint.knownHosts}; refused (a reinstalled server, or someone in between)`,
      revoked: `the host key of ${where} is marked @revoked in ${endpoint.knownHosts}; refused`,
    };
    return new TunnelError(`host-key-${verdict}`, reasons[verdict]);
  }
  switch (error.level) {
    case 'client-authentication':
      return new TunnelError('auth-failed', `${where}: authentication failed (${endpoint.identityFile ?? 'ssh-agent'})`);
    case 'client-timeout':
      return /keepalive/i.test(error.message)
        ? new TunnelError('keepalive-lost', `${where}: no answer to keepalives, connection dropped`)
        : new TunnelError('ssh-timeout', `${where}: no SSH handshake in time`);
    case 'client-socket':
    case 'client-dns':
      return new TunnelError('connect-failed', `${where}: ${error.message}`);
    default:
      return new TunnelError('ssh-error', `${where}: ${error.message}`);
  }
}
