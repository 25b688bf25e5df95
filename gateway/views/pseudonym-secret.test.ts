import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadPseudonymSecret, pseudonymSecretPath } from './pseudonym-secret.ts';

const dir = mkdtempSync(join(tmpdir(), 'webstat-secret-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('loadPseudonymSecret', () => {
  it('creates a private key file beside the database and reads the same key back', () => {
    const database = join(dir, 'history.sqlite');
    const first = loadPseudonymSecret(database);
    const file = pseudonymSecretPath(database)!;
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(Buffer.from(loadPseudonymSecret(database)), Buffer.from(first));
  });

  it('refuses a damaged key file with a code', () => {
    const database = join(dir, 'damaged.sqlite');
    writeFileSync(pseudonymSecretPath(database)!, 'not hex at all\n');
    assert.throws(() => loadPseudonymSecret(database), { code: 'pseudonym-key-invalid' });
  });

  it('makes a fresh key for an in-memory database', () => {
    assert.equal(pseudonymSecretPath(':memory:'), null);
    assert.notDeepEqual(Buffer.from(loadPseudonymSecret(':memory:')), Buffer.from(loadPseudonymSecret(':memory:')));
  });
});
