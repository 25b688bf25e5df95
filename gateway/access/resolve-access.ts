/**
 * Decides what a client may see, the same way for WebSocket and HTTP API clients:
 *
 * 1. a token, when the client presents one (WebSocket hello, `?token=`, `Sec-WebSocket-Protocol`,
 *    or `Authorization: Bearer` for the API): a wrong token is refused, never downgraded to
 *    anonymous, so a typo shows up at once instead of as a mysteriously bare dashboard;
 * 2. else the user a trusted reverse proxy vouches for (trusted-proxy.ts);
 * 3. else the anonymous scope, when the configuration has one;
 * 4. else refused.
 *
 * What anyone may see anonymously, a token holder or a signed-in user may see too: their grant is
 * widened, cluster by cluster, by the anonymous one (a token for one cluster's job table does not
 * hide the other clusters' public summaries).
 */
import type { GatewayConfig, TokenScope } from '../config/config-types.ts';
import { grantFromScope, mergeGrants, type AccessGrant } from './access-grant.ts';
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
  private readonly clusterNames: string[];
  readonly proxy: TrustedProxyPolicy | null;

  constructor(config: Pick<GatewayConfig, 'tokens' | 'anonymous' | 'trustedProxy' | 'clusters'>) {
    const clusterNames = config.clusters.map((cluster) => cluster.name);
    this.clusterNames = clusterNames;
    this.tokens = new TokenMatcher(config.tokens);
    this.anonymous = config.anonymous ? grantFromScope('anonymous', config.anonymous, clusterNames) : null;
    for (const scope of config.tokens) this.grantsByToken.set(scope, this.withAnonymous(grantFromScope(scope.name, scope, clusterNames)));
    this.proxy = config.trustedProxy ? new TrustedProxyPolicy(config.trustedProxy, clusterNames) : null;
  }

  resolve(request: AccessRequest): AccessResult {
    if (request.token !== null && request.token !== '') {
      const scope = this.tokens.find(request.token);
      if (!scope) return { error: { code: 'unauthorized', message: 'unknown token' } };
      return { grant: this.grantsByToken.get(scope)! };
    }
    if (request.proxyGrant) return { grant: this.withAnonymous(request.proxyGrant) };
    if (this.anonymous) return { grant: this.anonymous };
    return { error: { code: 'unauthorized', message: 'a token is required' } };
  }

  private withAnonymous(grant: AccessGrant): AccessGrant {
    return this.anonymous ? mergeGrants(grant.who, [grant, this.anonymous], this.clusterNames) : grant;
  }
}
