/**
 * Decides what a client may see, the same way for WebSocket and HTTP API clients:
 *
 * 1. a token, when the client presents one (WebSocket hello, `?token=`, `Sec-WebSocket-Protocol`,
 *    or `Authorization: Bearer` for the API): a wrong token is refused, never downgraded to
 *    anonymous, so a typo shows up at once instead of as a mysteriously bare dashboard;
 * 2. else the user a trusted reverse proxy vouches for (trusted-proxy.ts);
 * 3. else the anonymous scope, when the configuration has one;
 * 4. else refused.
 */
import type { GatewayConfig, TokenScope } from '../config/config-types.ts';
import { grantFromScope, type AccessGrant } from './access-grant.ts';
import { TokenMatcher } from './token-match.ts';
import { TrustedProxyPolicy } from './trusted-proxy.ts';

export type AccessResult = { grant: AccessGrant } | { error: { code: 'unauthorized'; message: string } };

export interface AccessRequest {
  token: string | null;
  /** The grant from a trusted proxy's headers, worked out when the request arrived. */
  proxyGrant: AccessGrant | null;
}

export class AccessResolver {
  private readonly tokens: TokenMatcher;
  private readonly grantsByToken = new Map<TokenScope, AccessGrant>();
  private readonly anonymous: AccessGrant | null;
  readonly proxy: TrustedProxyPolicy | null;

  constructor(config: Pick<GatewayConfig, 'tokens' | 'anonymous' | 'trustedProxy' | 'clusters'>) {
    const clusterNames = config.clusters.map((cluster) => cluster.name);
    this.tokens = new TokenMatcher(config.tokens);
    for (const scope of config.tokens) this.grantsByToken.set(scope, grantFromScope(scope.name, scope, clusterNames));
    this.anonymous = config.anonymous ? grantFromScope('anonymous', config.anonymous, clusterNames) : null;
    this.proxy = config.trustedProxy ? new TrustedProxyPolicy(config.trustedProxy, clusterNames) : null;
  }

  resolve(request: AccessRequest): AccessResult {
    if (request.token !== null && request.token !== '') {
      const scope = this.tokens.find(request.token);
      if (!scope) return { error: { code: 'unauthorized', message: 'unknown token' } };
      return { grant: this.grantsByToken.get(scope)! };
    }
    if (request.proxyGrant) return { grant: request.proxyGrant };
    if (this.anonymous) return { grant: this.anonymous };
    return { error: { code: 'unauthorized', message: 'a token is required' } };
  }
}
