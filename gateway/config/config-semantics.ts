/**
 * Turns a schema-valid configuration file into a GatewayConfig: resolves paths against the file's
 * directory, reads token files, applies `PORT` from the environment, and checks what the schema
 * cannot (an agent reached either directly or over SSH, references to clusters that exist, files
 * that exist). Every problem is collected, with its line, before anything is refused.
 */
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { ConfigProblem } from './config-error.ts';
import { formatKeyPath } from './config-error.ts';
import type { ConfigFile, ScopeInFile } from './config-schema.ts';
import type { AgentEndpoint, ClusterConfig, GatewayConfig, Scope, TokenScope } from './config-types.ts';
import type { YamlLocations } from './yaml-locations.ts';

type KeyPath = (string | number)[];

export interface SemanticsInput {
  file: string;
  raw: ConfigFile;
  locations: YamlLocations;
  env: NodeJS.ProcessEnv;
}

export function toGatewayConfig({ file, raw, locations, env }: SemanticsInput): {
  config: GatewayConfig;
  problems: ConfigProblem[];
} {
  const problems: ConfigProblem[] = [];
  const baseDir = dirname(resolve(file));
  const problem = (path: KeyPath, message: string) =>
    problems.push({ path: formatKeyPath(path), line: locations.lineOf(path), message });

  /** `~/x` is the gateway user's home; a relative path is relative to the configuration file. */
  const resolvePath = (value: string) =>
    value === '~' || value.startsWith('~/') ? resolve(homedir(), value.slice(2)) : isAbsolute(value) ? value : resolve(baseDir, value);

  const readableFile = (path: KeyPath, value: string): string => {
    const absolute = resolvePath(value);
    try {
      accessSync(absolute, constants.R_OK);
      if (!statSync(absolute).isFile()) problem(path, `${absolute} is not a file`);
    } catch {
      problem(path, `cannot read ${absolute}`);
    }
    return absolute;
  };

  const clusterNames = new Set<string>();
  const clusters: ClusterConfig[] = raw.clusters.map((cluster, index) => {
    const at: KeyPath = ['clusters', index];
    if (clusterNames.has(cluster.name)) problem([...at, 'name'], `duplicate cluster name '${cluster.name}'`);
    clusterNames.add(cluster.name);
    return {
      name: cluster.name,
      label: cluster.label ?? cluster.name,
      pollInterval: cluster.pollInterval ?? raw.pollInterval,
      agent: agentEndpoint(cluster.agent, [...at, 'agent']),
    };
  });

  function agentEndpoint(agent: ConfigFile['clusters'][number]['agent'], at: KeyPath): AgentEndpoint {
    if (agent.url !== undefined) {
      if (agent.ssh !== undefined || agent.port !== undefined) {
        problem(at, 'give either url (an agent on this machine) or ssh and port, not both');
      }
      const port = Number(agent.url.slice(agent.url.lastIndexOf(':') + 1));
      if (port < 1 || port > 65535) problem([...at, 'url'], 'port must be between 1 and 65535');
      return { kind: 'direct', url: agent.url };
    }
    if (agent.ssh === undefined) {
      problem([...at, 'ssh'], 'is required (or url, for an agent on this machine)');
    }
    if (agent.port === undefined) problem([...at, 'port'], "is required: the agent's port on the login node");
    const ssh = agent.ssh ?? { host: '', port: 22, user: '', knownHosts: '', keepaliveSeconds: 15 };
    let identityFile: string | null = null;
    if (ssh.identityFile !== undefined) identityFile = readableFile([...at, 'ssh', 'identityFile'], ssh.identityFile);
    else if (agent.ssh !== undefined && !env.SSH_AUTH_SOCK) {
      problem([...at, 'ssh'], 'no identityFile given and SSH_AUTH_SOCK is not set (no ssh-agent to use)');
    }
    const knownHosts = agent.ssh === undefined ? '' : readableFile([...at, 'ssh', 'knownHosts'], ssh.knownHosts);
    return {
      kind: 'ssh',
      host: ssh.host,
      port: ssh.port,
      user: ssh.user,
      identityFile,
      knownHosts,
      remotePort: agent.port ?? 0,
      keepaliveSeconds: ssh.keepaliveSeconds,
    };
  }

  const scopeOf = (scope: ScopeInFile, at: KeyPath): Scope => {
    if (scope.clusters !== '*') {
      scope.clusters.forEach((name, index) => {
        if (!clusterNames.has(name)) problem([...at, 'clusters', index], `no cluster named '${name}'`);
      });
    }
    return { clusters: scope.clusters, level: scope.level, pseudonyms: scope.pseudonyms, top: scope.top };
  };

  const tokenNames = new Set<string>();
  const tokenValues = new Set<string>();
  const tokens: TokenScope[] = raw.tokens.map((entry, index) => {
    const at: KeyPath = ['tokens', index];
    if (tokenNames.has(entry.name)) problem([...at, 'name'], `duplicate token name '${entry.name}'`);
    tokenNames.add(entry.name);
    let token = entry.token ?? '';
    if ((entry.token === undefined) === (entry.tokenFile === undefined)) {
      problem(at, 'give exactly one of token or tokenFile');
    } else if (entry.tokenFile !== undefined) {
      const path = readableFile([...at, 'tokenFile'], entry.tokenFile);
      try {
        token = readFileSync(path, 'utf8').trim();
        if (token.length < 16) problem([...at, 'tokenFile'], 'the token in the file must have at least 16 characters');
      } catch {
        // Already reported by readableFile.
      }
    }
    // The token itself never goes into a message: name the entry instead.
    if (token !== '' && tokenValues.has(token)) problem(at, 'the same token is given twice');
    tokenValues.add(token);
    return { ...scopeOf(entry, at), name: entry.name, token };
  });

  const proxy = raw.trustedProxy;
  const trustedProxy: GatewayConfig['trustedProxy'] =
    proxy === null
      ? null
      : {
          userHeader: proxy.userHeader.toLowerCase(),
          groupsHeader: proxy.groupsHeader?.toLowerCase() ?? null,
          addresses: proxy.addresses,
          groups: Object.fromEntries(
            Object.entries(proxy.groups).map(([group, scope]) => [group, scopeOf(scope, ['trustedProxy', 'groups', group])]),
          ),
          defaultScope: proxy.defaultScope ? scopeOf(proxy.defaultScope, ['trustedProxy', 'defaultScope']) : null,
        };

  let site: string | null = null;
  if (raw.site !== null) {
    site = resolvePath(raw.site);
    let isDirectory = false;
    try {
      isDirectory = statSync(site).isDirectory();
    } catch {
      // Reported just below.
    }
    if (!isDirectory) problem(['site'], `${site} is not a directory`);
  }

  const listen = { ...raw.listen };
  if (env.PORT !== undefined && env.PORT !== '') {
    const port = Number(env.PORT);
    if (!/^\d+$/.test(env.PORT) || port > 65535) {
      problems.push({ path: 'PORT', line: null, message: `the environment's PORT must be a port number, not '${env.PORT}'` });
    } else {
      listen.port = port;
    }
  }

  const config: GatewayConfig = {
    file: resolve(file),
    listen,
    pollInterval: raw.pollInterval,
    allowedOrigins: raw.allowedOrigins,
    tokens,
    anonymous: raw.anonymous === null ? null : scopeOf(raw.anonymous, ['anonymous']),
    trustedProxy,
    database: resolvePath(raw.database),
    retention: raw.retention,
    site,
    clusters,
  };
  return { config, problems };
}
