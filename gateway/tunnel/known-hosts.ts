/**
 * OpenSSH known_hosts, as sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT" describes it:
 *
 *   [@marker] host-patterns key-type base64-key [comment]
 *
 * Host patterns are comma-separated, with `*` and `?` wildcards and `!` negation; a host on a port
 * other than 22 is written `[host]:port`; hashed entries (`HashKnownHosts yes`) are
 * `|1|base64(salt)|base64(HMAC-SHA1(salt, name))`. A `@revoked` key is refused for every host it
 * names. `@cert-authority` lines are ignored: the gateway does not accept host certificates, so a
 * host known only through a CA must be listed with its own key.
 */
import { createHmac } from 'node:crypto';

export interface KnownHostEntry {
  marker: 'revoked' | 'cert-authority' | null;
  /** Plain patterns, or one hashed name. */
  patterns: string[];
  hashed: { salt: Buffer; hash: Buffer } | null;
  keyType: string;
  /** The key blob in the SSH wire format (what a server presents). */
  key: Buffer;
  /** 1-based line in the file, for messages. */
  line: number;
}

export type HostKeyVerdict =
  /** The presented key is listed for this host. */
  | 'match'
  /** The host is listed, with other keys only: maybe a reinstalled server, maybe an attack. */
  | 'changed'
  /** The host is not listed at all. */
  | 'unknown'
  /** The presented key is marked @revoked. */
  | 'revoked';

export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const fields = lines[index]!.trim().split(/\s+/);
    if (fields[0] === '' || fields[0]!.startsWith('#')) continue;
    let marker: KnownHostEntry['marker'] = null;
    if (fields[0] === '@revoked') marker = 'revoked';
    else if (fields[0] === '@cert-authority') marker = 'cert-authority';
    else if (fields[0]!.startsWith('@')) continue; // an unknown marker: OpenSSH skips the line too
    if (marker) fields.shift();
    const [hosts, keyType, base64] = fields;
    if (!hosts || !keyType || !base64 || !/^[A-Za-z0-9+/]+=*$/.test(base64)) continue;
    const key = Buffer.from(base64, 'base64');
    if (key.length === 0) continue;
    const hashed = parseHashed(hosts);
    entries.push({ marker, patterns: hashed ? [] : hosts.split(','), hashed, keyType, key, line: index + 1 });
  }
  return entries;
}

function parseHashed(hosts: string): KnownHostEntry['hashed'] {
  if (!hosts.startsWith('|1|')) return null;
  const [salt, hash] = hosts.slice(3).split('|');
  if (!salt || !hash) return null;
  return { salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
}

/** The name a host is listed under: `host`, or `[host]:port` when the port is not 22. */
export function knownHostName(host: string, port: number): string {
  return port === 22 ? host.toLowerCase() : `[${host.toLowerCase()}]:${port}`;
}

export function entryMatchesHost(entry: KnownHostEntry, name: string): boolean {
  if (entry.hashed) {
    const hash = createHmac('sha1', entry.hashed.salt).update(name).digest();
    return hash.equals(entry.hashed.hash);
  }
  let matched = false;
  for (const pattern of entry.patterns) {
    const negated = pattern.startsWith('!');
    if (!globMatches(negated ? pattern.slice(1) : pattern, name)) continue;
    if (negated) return false; // a negated match excludes the line whatever else matches
    matched = true;
  }
  return matched;
}

function globMatches(pattern: string, name: string): boolean {
  const source = pattern
    .toLowerCase()
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(name);
}

/** Checks a key a server presented for `host:port` against the file's entries. */
export function verifyHostKey(entries: readonly KnownHostEntry[], host: string, port: number, key: Buffer): HostKeyVerdict {
  const name = knownHostName(host, port);
  let listed = false;
  let matched = false;
  for (const entry of entries) {
    if (entry.marker === 'cert-authority' || !entryMatchesHost(entry, name)) continue;
    const same = entry.key.equals(key);
    if (entry.marker === 'revoked') {
      if (same) return 'revoked';
      continue;
    }
    listed = true;
    if (same) matched = true;
  }
  return matched ? 'match' : listed ? 'changed' : 'unknown';
}

/** Key types listed for a host, in file order: the host key algorithms to ask the server for, so
 * that a server with several keys presents one we know (as OpenSSH does). */
export function knownKeyTypes(entries: readonly KnownHostEntry[], host: string, port: number): string[] {
  const name = knownHostName(host, port);
  const types: string[] = [];
  for (const entry of entries) {
    if (entry.marker === null && entryMatchesHost(entry, name) && !types.includes(entry.keyType)) types.push(entry.keyType);
  }
  return types;
}
