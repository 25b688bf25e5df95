/**
 * Finds the configured token a client presented. Comparisons run over SHA-256 digests with
 * timingSafeEqual, so neither the length nor the first differing byte of a token shows in the
 * time an answer takes; every configured token is compared, found or not.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { TokenScope } from '../config/config-types.ts';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

export class TokenMatcher {
  private readonly entries: Array<{ digest: Buffer; scope: TokenScope }>;

  constructor(tokens: readonly TokenScope[]) {
    this.entries = tokens.map((scope) => ({ digest: digest(scope.token), scope }));
  }

  find(presented: string): TokenScope | null {
    const presentedDigest = digest(presented);
    let found: TokenScope | null = null;
    for (const entry of this.entries) {
      if (timingSafeEqual(entry.digest, presentedDigest) && found === null) found = entry.scope;
    }
    return found;
  }
}
