/**
 * The secret behind the pseudonyms, kept in a file beside the SQLite database
 * (`<database>.pseudonym-key`, mode 0600) so pseudonyms survive restarts. Deleting the file gives
 * every user a new pseudonym at the next start: that is the way to unlink old wall-display
 * screenshots from today's data. An in-memory database (tests) gets a fresh secret per start.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

export class PseudonymSecretError extends Error {
  override name = 'PseudonymSecretError';
  readonly code = 'pseudonym-key-invalid';
}

const SECRET_BYTES = 32;

export function pseudonymSecretPath(database: string): string | null {
  if (database === ':memory:' || database === '') return null;
  return `${database}.pseudonym-key`;
}

export function loadPseudonymSecret(database: string): Uint8Array {
  const file = pseudonymSecretPath(database);
  if (file === null) return randomBytes(SECRET_BYTES);
  let text: string | null = null;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text === null) {
    const secret = randomBytes(SECRET_BYTES);
    try {
      // 'wx': two gateways started at once on the same database must not overwrite each other.
      writeFileSync(file, `${secret.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
      return secret;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      text = readFileSync(file, 'utf8');
    }
  }
  const hex = text.trim();
  if (!/^[0-9a-f]{32,}$/i.test(hex) || hex.length % 2 !== 0) {
    throw new PseudonymSecretError(`${file}: not a pseudonym key (expected hex digits); delete it to make a new one`);
  }
  return Buffer.from(hex, 'hex');
}
