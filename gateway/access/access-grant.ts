/**
 * What one client may see: for each cluster it may see, the widest view it was granted. Built
 * from a token's scope, a reverse proxy's groups or the anonymous scope (resolve-access.ts).
 * Kept per cluster so that combining scopes never widens one by another: a user whose groups give
 * `jobs` on one cluster and `summary` on all gets `jobs` on that one and `summary` elsewhere.
 */
import type { Level } from '../../protocol/model.ts';
import type { Scope } from '../config/config-types.ts';
import { narrowView, viewOfScope, widerView, type ViewSpec } from '../views/view-spec.ts';

export class AccessGrant {
  constructor(
    /** Who this is, for logs: the token's name, `proxy:<user>`, `anonymous`. Never a secret. */
    readonly who: string,
    private readonly views: ReadonlyMap<string, ViewSpec>,
  ) {}

  /** The view a client gets of `cluster` when it asks for `asked`, or null when it may not see it. */
  viewFor(cluster: string, asked: Level): ViewSpec | null {
    const granted = this.views.get(cluster);
    return granted ? narrowView(granted, asked) : null;
  }

  /** The widest view of `cluster` granted, or null. */
  granted(cluster: string): ViewSpec | null {
    return this.views.get(cluster) ?? null;
  }

  get clusters(): string[] {
    return [...this.views.keys()];
  }
}

/** The grant of one scope over the clusters the gateway serves (unknown names are ignored). */
export function grantFromScope(who: string, scope: Scope, clusterNames: readonly string[]): AccessGrant {
  const view = viewOfScope(scope);
  const allowed = scope.clusters === '*' ? clusterNames : clusterNames.filter((name) => scope.clusters.includes(name));
  return new AccessGrant(who, new Map(allowed.map((name) => [name, view])));
}

/** The widest view per cluster among several grants (a proxy user in several groups), with the
 * clusters in `order` (the configuration's) when given. */
export function mergeGrants(who: string, grants: readonly AccessGrant[], order?: readonly string[]): AccessGrant {
  const views = new Map<string, ViewSpec>();
  for (const grant of grants) {
    for (const cluster of grant.clusters) {
      const view = grant.granted(cluster)!;
      const existing = views.get(cluster);
      views.set(cluster, existing ? widerView(existing, view) : view);
    }
  }
  if (!order) return new AccessGrant(who, views);
  return new AccessGrant(who, new Map(order.flatMap((name) => (views.has(name) ? [[name, views.get(name)!] as const] : []))));
}
