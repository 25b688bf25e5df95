/**
 * Welcome frames, encoded once per grant, granted levels and second rather than once per
 * connection: when a wall of displays or a lecture hall connects at once, thousands of clients with
 * the same grant get the same bytes, and the gateway allocates no buffer per client for them.
 */
import { encodeMessage } from '../../protocol/frame.ts';
import type { Deflate } from '../../protocol/compression.ts';
import type { Level } from '../../protocol/model.ts';
import type { AccessGrant } from '../access/access-grant.ts';

interface Cached {
  time: number;
  frame: Uint8Array;
}

export class WelcomeFrames {
  // Keyed by the grant object: token and anonymous grants live as long as the gateway, a proxy
  // user's grant as long as its connection, and a WeakMap lets the latter go.
  private readonly byGrant = new WeakMap<AccessGrant, Map<string, Cached>>();

  constructor(
    private readonly serverName: string,
    private readonly labelOf: (cluster: string) => string,
    private readonly deflate: Deflate | false,
    private readonly now: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  /** The welcome for `grant`, whose clusters get `levels` (in `grant.clusters` order). */
  frame(grant: AccessGrant, levels: readonly Level[]): Uint8Array {
    const time = this.now();
    const key = levels.join(',');
    let cache = this.byGrant.get(grant);
    if (!cache) {
      cache = new Map();
      this.byGrant.set(grant, cache);
    }
    const cached = cache.get(key);
    if (cached && cached.time === time) return cached.frame;
    const clusters = grant.clusters.map((name, i) => ({ name, label: this.labelOf(name), level: levels[i]! }));
    const frame = encodeMessage({ type: 'welcome', server: this.serverName, time, clusters }, { deflate: this.deflate });
    cache.set(key, { time, frame });
    return frame;
  }
}
