/**
 * Sites that put an authenticating reverse proxy (OIDC, LDAP, Shibboleth) in front of the gateway
 * pass the user and the user's groups in headers. Those headers are believed only on connections
 * from the proxy's own addresses (single addresses or CIDR ranges); from anyone else they are
 * ignored, since any client can set a header.
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import type { TrustedProxy } from '../config/config-types.ts';
import { grantFromScope, mergeGrants, type AccessGrant } from './access-grant.ts';

/** `::ffff:10.0.0.1` (an IPv4 client on a dual-stack socket) is 10.0.0.1. */
export function normalizeAddress(address: string): string {
  const lower = address.toLowerCase();
  const mapped = /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  return mapped ? mapped[1]! : lower;
}

function addressFamily(address: string): 'ipv4' | 'ipv6' | null {
  return isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : null;
}

export class TrustedProxyPolicy {
  private readonly proxies = new BlockList();

  constructor(
    private readonly proxy: TrustedProxy,
    private readonly clusterNames: readonly string[],
  ) {
    for (const entry of proxy.addresses) {
      const [address, prefix] = entry.split('/');
      const family = addressFamily(normalizeAddress(address!));
      if (!family) throw new RangeError(`trusted proxy address is not an IP address: ${entry}`);
      if (prefix === undefined) this.proxies.addAddress(normalizeAddress(address!), family);
      else this.proxies.addSubnet(normalizeAddress(address!), Number(prefix), family);
    }
  }

  /** Lower-case names of the headers to copy out of a request. */
  get headerNames(): string[] {
    const names = [this.proxy.userHeader.toLowerCase()];
    if (this.proxy.groupsHeader) names.push(this.proxy.groupsHeader.toLowerCase());
    return names;
  }

  trusts(remoteAddress: string): boolean {
    const address = normalizeAddress(remoteAddress);
    const family = addressFamily(address);
    return family !== null && this.proxies.check(address, family);
  }

  /**
   * The grant of the user the proxy vouches for, or null when the connection is not from a
   * trusted proxy, carries no user, or the user's groups grant nothing (the caller then falls back
   * to the anonymous scope: a signed-in user never sees less than an anonymous one).
   */
  grant(remoteAddress: string, header: (lowerCaseName: string) => string): AccessGrant | null {
    if (!this.trusts(remoteAddress)) return null;
    const user = header(this.proxy.userHeader.toLowerCase()).trim();
    if (user === '') return null;
    const groups = this.proxy.groupsHeader
      ? header(this.proxy.groupsHeader.toLowerCase())
          .split(',')
          .map((group) => group.trim())
          .filter((group) => group !== '')
      : [];
    const who = `proxy:${user}`;
    const scopes = groups.flatMap((group) => (Object.hasOwn(this.proxy.groups, group) ? [this.proxy.groups[group]!] : []));
    if (scopes.length === 0) {
      return this.proxy.defaultScope ? grantFromScope(who, this.proxy.defaultScope, this.clusterNames) : null;
    }
    return mergeGrants(who, scopes.map((scope) => grantFromScope(who, scope, this.clusterNames)), this.clusterNames);
  }
}
