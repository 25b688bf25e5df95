/**
 * Stable pseudonyms for users and groups at the `summary` level: `user-7f3a9c`, `group-01b2e4`.
 * The same name gets the same pseudonym on every cluster, across restarts (the secret is kept on
 * disk, pseudonym-secret.ts), and for every viewer, so a wall display's colours and a history
 * chart's lines stay put. Without the secret nobody can test a guessed name against a pseudonym.
 *
 * Six hex digits (16.7 million values) make a clash inside one cluster's top rows vanishingly
 * unlikely; should one happen, the two rows are summed under the one pseudonym (audience-summary.ts)
 * rather than one silently replacing the other.
 */
import { createHmac } from 'node:crypto';
import { UNKNOWN_GROUP } from '../../protocol/summary.ts';

export type PseudonymDimension = 'user' | 'group';

/** Users and groups outside the top rows are summed under this name; no pseudonym can equal it. */
export const OTHERS = 'others';

const CACHE_LIMIT = 100_000;

export class Pseudonyms {
  private readonly cache = new Map<string, string>();

  constructor(private readonly secret: Uint8Array) {
    if (secret.length < 16) throw new RangeError('pseudonym secret must hold at least 16 bytes');
  }

  of(dimension: PseudonymDimension, name: string): string {
    // Jobs without a group are counted under a placeholder that names nobody.
    if (dimension === 'group' && name === UNKNOWN_GROUP) return name;
    const key = `${dimension}\u0000${name}`;
    let pseudonym = this.cache.get(key);
    if (pseudonym === undefined) {
      const digest = createHmac('sha256', this.secret).update(key).digest('hex');
      pseudonym = `${dimension}-${digest.slice(0, 6)}`;
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(key, pseudonym);
    }
    return pseudonym;
  }
}
