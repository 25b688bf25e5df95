/**
 * Where the agent listens. Loopback by default: the gateway reaches it through an SSH tunnel, so
 * nothing on the cluster's network can read job lists. Any other address is refused unless CURVE
 * keys encrypt and authenticate the traffic (DESIGN.md "Security").
 */
import { AgentError } from '../agent-error.ts';

export const DEFAULT_BIND = 'tcp://127.0.0.1:7781';

export interface BindAddress {
  host: string;
  /** 0 asks the system for a free port. */
  port: number;
  loopback: boolean;
}

const TCP = /^tcp:\/\/(\[[0-9a-fA-F:.]+\]|[^:/\s]+):(\d+|\*)$/;

export function parseBindAddress(text: string): BindAddress {
  const match = TCP.exec(text.trim());
  if (!match) throw new AgentError('bad-bind', `bind address '${text}' is not tcp://HOST:PORT (for example ${DEFAULT_BIND})`);
  const host = match[1]!;
  const port = match[2] === '*' ? 0 : Number(match[2]);
  if (port > 65535) throw new AgentError('bad-bind', `bind address '${text}': port ${port} is above 65535`);
  const bare = host.replace(/^\[|\]$/g, '');
  const loopback = bare === 'localhost' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare) || bare === '::1';
  return { host, port, loopback };
}

/** The endpoint string ZeroMQ binds (`*` for port 0: ZeroMQ's "any free port"). */
export function zmqEndpoint(address: BindAddress): string {
  // ZeroMQ binds addresses, not names.
  const host = address.host === 'localhost' ? '127.0.0.1' : address.host;
  return `tcp://${host}:${address.port === 0 ? '*' : address.port}`;
}

export function checkBindAllowed(address: BindAddress, hasCurveKeys: boolean): void {
  if (address.loopback || hasCurveKeys) return;
  throw new AgentError(
    'insecure-bind',
    `refusing to listen on ${address.host}: only loopback is allowed without CURVE keys (set curve.publicKeyFile and curve.secretKeyFile, or bind 127.0.0.1 and reach the agent through SSH)`,
  );
}
