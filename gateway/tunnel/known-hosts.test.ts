import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { generateKeyPair, type SshKeyPair } from '../testing/ssh-test-server.ts';
import { knownKeyTypes, parseKnownHosts, verifyHostKey } from './known-hosts.ts';

let dir: string;
let ed: SshKeyPair;
let ecdsa: SshKeyPair;
let rsa: SshKeyPair;
let other: SshKeyPair;
const blob = (key: SshKeyPair) => Buffer.from(key.blob, 'base64');

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'webstat-known-hosts-'));
  ed = generateKeyPair('ed25519');
  ecdsa = generateKeyPair('ecdsa');
  rsa = generateKeyPair('rsa');
  other = generateKeyPair('ed25519');
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Hashes a known_hosts text with OpenSSH's own `ssh-keygen -H`, as `HashKnownHosts yes` would. */
function hashedByOpenSsh(text: string): string {
  const file = join(dir, `known_hosts_${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, text);
  execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
  return readFileSync(file, 'utf8');
}

describe('known_hosts', () => {
  test('a listed key matches; another key for the same host is a change; an unlisted host is unknown', () => {
    const entries = parseKnownHosts(`login1.example.org ${ed.type} ${ed.blob}\n`);
    assert.equal(verifyHostKey(entries, 'login1.example.org', 22, blob(ed)), 'match');
    assert.equal(verifyHostKey(entries, 'LOGIN1.example.org', 22, blob(ed)), 'match');
    assert.equal(verifyHostKey(entries, 'login1.example.org', 22, blob(other)), 'changed');
    assert.equal(verifyHostKey(entries, 'login2.example.org', 22, blob(ed)), 'unknown');
    // The same host on another port is another entry, as in OpenSSH.
    assert.equal(verifyHostKey(entries, 'login1.example.org', 2222, blob(ed)), 'unknown');
  });

  test('[host]:port entries and several key types per host', () => {
    const entries = parseKnownHosts(
      [
        `[login1]:2222 ${ed.type} ${ed.blob}`,
        `[login1]:2222 ${ecdsa.type} ${ecdsa.blob}`,
        `[login1]:2222,login1 ${rsa.type} ${rsa.blob} root@login1`,
      ].join('\n'),
    );
    for (const key of [ed, ecdsa, rsa]) assert.equal(verifyHostKey(entries, 'login1', 2222, blob(key)), 'match');
    assert.equal(verifyHostKey(entries, 'login1', 22, blob(rsa)), 'match');
    assert.equal(verifyHostKey(entries, 'login1', 22, blob(ed)), 'changed');
    assert.deepEqual(knownKeyTypes(entries, 'login1', 2222), ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ssh-rsa']);
    assert.deepEqual(knownKeyTypes(entries, 'login1', 22), ['ssh-rsa']);
  });

  test('hashed entries written by ssh-keygen -H match their host and no other', () => {
    const text = hashedByOpenSsh(`login1.example.org ${ed.type} ${ed.blob}\n[10.1.2.3]:2200 ${ecdsa.type} ${ecdsa.blob}\n`);
    assert.match(text, /^\|1\|/m);
    assert.ok(!text.includes('login1.example.org'), '!text.includes("login1.example.org")');
    const entries = parseKnownHosts(text);
    assert.equal(verifyHostKey(entries, 'login1.example.org', 22, blob(ed)), 'match');
    assert.equal(verifyHostKey(entries, 'login1.example.org', 22, blob(other)), 'changed');
    assert.equal(verifyHostKey(entries, '10.1.2.3', 2200, blob(ecdsa)), 'match');
    assert.equal(verifyHostKey(entries, '10.1.2.3', 22, blob(ecdsa)), 'unknown');
    assert.equal(verifyHostKey(entries, 'login2.example.org', 22, blob(ed)), 'unknown');
  });

  test('wildcards and negated patterns', () => {
    const entries = parseKnownHosts(`*.hpc.example.org,!bad.hpc.example.org,login?.example.org ${ed.type} ${ed.blob}\n`);
    assert.equal(verifyHostKey(entries, 'login-a.hpc.example.org', 22, blob(ed)), 'match');
    assert.equal(verifyHostKey(entries, 'login7.example.org', 22, blob(ed)), 'match');
    assert.equal(verifyHostKey(entries, 'login17.example.org', 22, blob(ed)), 'unknown');
    assert.equal(verifyHostKey(entries, 'bad.hpc.example.org', 22, blob(ed)), 'unknown');
  });

  test('a @revoked key is refused even where another line lists it', () => {
    const entries = parseKnownHosts(`login1 ${ed.type} ${ed.blob}\n@revoked * ${ed.type} ${ed.blob}\n`);
    assert.equal(verifyHostKey(entries, 'login1', 22, blob(ed)), 'revoked');
    assert.equal(verifyHostKey(entries, 'login1', 22, blob(other)), 'changed');
  });

  test('@cert-authority lines, comments, blank and malformed lines do not admit anything', () => {
    const entries = parseKnownHosts(
      [
        '# a comment',
        '',
        `@cert-authority *.example.org ${ed.type} ${ed.blob}`,
        `@unknown-marker login1 ${ed.type} ${ed.blob}`,
        'login1 ssh-ed25519',
        'login1 ssh-ed25519 !!!not-base64!!!',
        `login2 ${ecdsa.type} ${ecdsa.blob}`,
      ].join('\n'),
    );
    assert.equal(entries.filter((entry) => entry.marker === null).length, 1);
    assert.equal(verifyHostKey(entries, 'login1', 22, blob(ed)), 'unknown');
    assert.equal(verifyHostKey(entries, 'x.example.org', 22, blob(ed)), 'unknown');
    assert.equal(verifyHostKey(entries, 'login2', 22, blob(ecdsa)), 'match');
  });
});
