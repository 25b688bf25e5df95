/**
 * Why a tunnel is down, as a code the cluster's status carries to every browser and to /healthz.
 * Messages name hosts and files, never keys.
 */
export type TunnelErrorCode =
  | 'host-key-unknown'
  | 'host-key-changed'
  | 'host-key-revoked'
  | 'known-hosts-unreadable'
  | 'identity-unreadable'
  | 'auth-failed'
  | 'connect-failed'
  | 'ssh-timeout'
  | 'keepalive-lost'
  | 'ssh-closed'
  | 'ssh-error'
  | 'forward-failed';

export class TunnelError extends Error {
  override name = 'TunnelError';
  constructor(
    readonly code: TunnelErrorCode,
    message: string,
  ) {
    super(message);
  }
}
