/** The gateway's configuration once loaded and validated (see config-schema.ts for the file). */
import type { Level } from '../../protocol/model.ts';

/** What a connection may see. */
export interface Scope {
  /** Cluster names, or '*' for all. */
  clusters: string[] | '*';
  level: Level;
  /** At `summary` level: true = stable pseudonyms for the top users and groups; false = no
   * per-user or per-group breakdown at all. */
  pseudonyms: boolean;
  /** At `summary` level: users and groups below the top N are summed into "others". */
  top: number;
}

export interface TokenScope extends Scope {
  /** A name for logs; the token itself is never logged. */
  name: string;
  token: string;
}

export interface TrustedProxy {
  /** Header carrying the authenticated user name (for example `X-Forwarded-User`). */
  userHeader: string;
  /** Header carrying the user's groups, comma-separated (for example `X-Forwarded-Groups`). */
  groupsHeader: string | null;
  /** Remote addresses the proxy connects from; the headers are ignored from anyone else. */
  addresses: string[];
  /** Group name → scope; the widest scope of a user's groups wins. */
  groups: Record<string, Scope>;
  /** Scope of an authenticated user in none of the groups, or null for none. */
  defaultScope: Scope | null;
}

export type AgentEndpoint =
  | {
      kind: 'ssh';
      host: string;
      port: number;
      user: string;
      /** Path of a private key file, or null to use the ssh-agent at $SSH_AUTH_SOCK. */
      identityFile: string | null;
      knownHosts: string;
      /** The agent's port on the login node's loopback. */
      remotePort: number;
      keepaliveSeconds: number;
    }
  | {
      kind: 'direct';
      /** `tcp://127.0.0.1:PORT`: an agent on this machine. */
      url: string;
    };

export interface ClusterConfig {
  name: string;
  label: string;
  agent: AgentEndpoint;
  /** Seconds between polls of this cluster's agent. */
  pollInterval: number;
}

export interface Retention {
  /** Hours of per-poll samples. */
  rawHours: number;
  /** Days of 5-minute means. */
  fiveMinuteDays: number;
  /** Days of hourly means. */
  hourlyDays: number;
}

export interface GatewayConfig {
  /** The file the configuration came from, for messages. */
  file: string;
  listen: { host: string; port: number };
  pollInterval: number;
  /** Origins allowed to open a WebSocket, besides the gateway's own. */
  allowedOrigins: string[];
  tokens: TokenScope[];
  anonymous: Scope | null;
  trustedProxy: TrustedProxy | null;
  database: string;
  retention: Retention;
  /** Directory of the built site to serve, or null. */
  site: string | null;
  clusters: ClusterConfig[];
}
