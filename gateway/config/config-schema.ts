/**
 * JSON schema of the configuration file (gateway/README.md shows a complete example). Defaults
 * live here, next to each key, and ajv fills them in. Every object refuses keys it does not know:
 * a typo such as `pollIntervall` must stop the gateway, not be silently ignored.
 *
 * Rules a schema cannot express well (url versus ssh, references between clusters and scopes,
 * files that must exist) are checked in config-semantics.ts.
 */
import type { SchemaObject } from 'ajv';

const positiveSeconds = { type: 'number', exclusiveMinimum: 0 };
const port = { type: 'integer', minimum: 1, maximum: 65535 };

/** A cluster name goes into URLs (`/api/v1/clusters/<name>`) and topic names: keep it plain. */
const clusterName = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$', maxLength: 64 };

const scope: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  properties: {
    /** '*' for every cluster, or a list of names. */
    clusters: {
      type: ['string', 'array'],
      default: '*',
      items: clusterName,
      uniqueItems: true,
      if: { type: 'string' },
      then: { const: '*' },
    },
    level: { enum: ['summary', 'users', 'jobs'] },
    pseudonyms: { type: 'boolean', default: true },
    top: { type: 'integer', minimum: 0, default: 10 },
  },
  required: ['level'],
};

const token: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...scope.properties,
    name: { type: 'string', minLength: 1 },
    /** Short tokens can be guessed; 16 characters is the least we accept. */
    token: { type: 'string', minLength: 16 },
    /** A file holding the token, so the configuration itself can be world-readable. */
    tokenFile: { type: 'string', minLength: 1 },
  },
  required: ['name', 'level'],
};

const ssh: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  properties: {
    host: { type: 'string', minLength: 1 },
    port: { ...port, default: 22 },
    user: { type: 'string', minLength: 1 },
    /** Omitted: authenticate with the ssh-agent at $SSH_AUTH_SOCK. */
    identityFile: { type: 'string', minLength: 1 },
    knownHosts: { type: 'string', minLength: 1, default: '~/.ssh/known_hosts' },
    keepaliveSeconds: { ...positiveSeconds, default: 15 },
  },
  required: ['host', 'user'],
};

const cluster: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: clusterName,
    label: { type: 'string', minLength: 1 },
    pollInterval: positiveSeconds,
    agent: {
      type: 'object',
      additionalProperties: false,
      properties: {
        /** A local agent: `tcp://127.0.0.1:PORT`. Agents bind loopback only (DESIGN.md "Security"). */
        url: { type: 'string', pattern: '^tcp://(127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}|localhost|\\[::1\\]):\\d{1,5}$' },
        ssh,
        /** The agent's port on the login node's loopback. */
        port,
      },
    },
  },
  required: ['name', 'agent'],
};

export const CONFIG_SCHEMA: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  properties: {
    listen: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        host: { type: 'string', minLength: 1, default: '127.0.0.1' },
        port: { type: 'integer', minimum: 0, maximum: 65535, default: 8080 },
      },
    },
    pollInterval: { ...positiveSeconds, default: 60 },
    allowedOrigins: {
      type: 'array',
      default: [],
      items: { type: 'string', pattern: '^https?://[^/\\s]+$' },
      uniqueItems: true,
    },
    tokens: { type: 'array', items: token, default: [] },
    /** Omitted or null: a connection without a token is refused. */
    anonymous: { ...scope, type: ['object', 'null'], default: null },
    trustedProxy: {
      type: ['object', 'null'],
      default: null,
      additionalProperties: false,
      properties: {
        userHeader: { type: 'string', pattern: '^[A-Za-z0-9-]+$', default: 'X-Forwarded-User' },
        groupsHeader: { type: ['string', 'null'], pattern: '^[A-Za-z0-9-]+$', default: null },
        addresses: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
        groups: { type: 'object', additionalProperties: scope, default: {} },
        defaultScope: { ...scope, type: ['object', 'null'], default: null },
      },
      required: ['addresses'],
    },
    database: { type: 'string', minLength: 1 },
    retention: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        rawHours: { type: 'number', minimum: 1, default: 48 },
        fiveMinuteDays: { type: 'number', minimum: 1, default: 30 },
        hourlyDays: { type: 'number', minimum: 1, default: 730 },
      },
    },
    site: { type: ['string', 'null'], minLength: 1, default: null },
    clusters: { type: 'array', items: cluster, minItems: 1 },
  },
  required: ['database', 'clusters'],
};

/** The file's shape once the schema has passed and filled in its defaults. */
export interface ScopeInFile {
  clusters: '*' | string[];
  level: 'summary' | 'users' | 'jobs';
  pseudonyms: boolean;
  top: number;
}

export interface ClusterInFile {
  name: string;
  label?: string;
  pollInterval?: number;
  agent: {
    url?: string;
    port?: number;
    ssh?: {
      host: string;
      port: number;
      user: string;
      identityFile?: string;
      knownHosts: string;
      keepaliveSeconds: number;
    };
  };
}

export interface ConfigFile {
  listen: { host: string; port: number };
  pollInterval: number;
  allowedOrigins: string[];
  tokens: Array<ScopeInFile & { name: string; token?: string; tokenFile?: string }>;
  anonymous: ScopeInFile | null;
  trustedProxy: {
    userHeader: string;
    groupsHeader: string | null;
    addresses: string[];
    groups: Record<string, ScopeInFile>;
    defaultScope: ScopeInFile | null;
  } | null;
  database: string;
  retention: { rawHours: number; fiveMinuteDays: number; hourlyDays: number };
  site: string | null;
  clusters: ClusterInFile[];
}
