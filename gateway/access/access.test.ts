import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GatewayConfig, Scope } from '../config/config-types.ts';
import { OriginPolicy } from './origin-policy.ts';
import { AccessResolver } from './resolve-access.ts';
import { normalizeAddress, TrustedProxyPolicy } from './trusted-proxy.ts';

const clusters = ['alpha', 'beta', 'gamma'].map((name) => ({ name, label: name, pollInterval: 60, agent: { kind: 'direct' as const, url: 'tcp://127.0.0.1:1' } }));
const summaryAll: Scope = { clusters: '*', level: 'summary', pseudonyms: true, top: 5 };
const jobsAlpha: Scope = { clusters: ['alpha'], level: 'jobs', pseudonyms: false, top: 10 };

function config(overrides: Partial<GatewayConfig> = {}): Pick<GatewayConfig, 'tokens' | 'anonymous' | 'trustedProxy' | 'clusters'> {
  return {
    clusters,
    tokens: [{ name: 'admins', token: 's3cret-admin-token', clusters: '*', level: 'jobs', pseudonyms: false, top: 10 }],
    anonymous: summaryAll,
    trustedProxy: {
      userHeader: 'X-Forwarded-User',
      groupsHeader: 'X-Forwarded-Groups',
      addresses: ['127.0.0.1', '10.1.0.0/16'],
      groups: { 'hpc-staff': jobsAlpha, everyone: summaryAll },
      defaultScope: null,
    },
    ...overrides,
  };
}

describe('AccessResolver', () => {
  it('grants a token its scope and refuses a wrong token instead of falling back', () => {
    const access = new AccessResolver(config());
    const ok = access.resolve({ token: 's3cret-admin-token', proxyGrant: null });
    assert.ok('grant' in ok);
    assert.deepEqual(ok.grant.viewFor('gamma', 'jobs'), { level: 'jobs' });
    const wrong = access.resolve({ token: 's3cret-admin-tokem', proxyGrant: null });
    assert.ok('error' in wrong);
    assert.equal(wrong.error.code, 'unauthorized');
  });

  it('widens a token or a proxy user by what anyone may see, cluster by cluster, in configuration order', () => {
    const access = new AccessResolver(config({ tokens: [{ name: 'alpha-ops', token: 'alpha-ops-token', ...jobsAlpha }] }));
    const ops = access.resolve({ token: 'alpha-ops-token', proxyGrant: null });
    assert.ok('grant' in ops);
    assert.deepEqual(ops.grant.clusters, ['alpha', 'beta', 'gamma']);
    assert.deepEqual(ops.grant.viewFor('alpha', 'jobs'), { level: 'jobs' });
    assert.deepEqual(ops.grant.viewFor('beta', 'jobs'), { level: 'summary', pseudonyms: true, top: 5 });
    const proxy = new TrustedProxyPolicy(config().trustedProxy!, clusters.map((c) => c.name));
    const user = proxy.grant('127.0.0.1', (name) => ({ 'x-forwarded-user': 'alice', 'x-forwarded-groups': 'hpc-staff' })[name] ?? '');
    const viaProxy = access.resolve({ token: null, proxyGrant: user });
    assert.ok('grant' in viaProxy);
    assert.deepEqual(viaProxy.grant.clusters, ['alpha', 'beta', 'gamma']);
    assert.equal(viaProxy.grant.who, 'proxy:alice');
  });

  it('falls back to the anonymous scope, or refuses when there is none', () => {
    const anonymous = new AccessResolver(config()).resolve({ token: null, proxyGrant: null });
    assert.ok('grant' in anonymous);
    assert.deepEqual(anonymous.grant.viewFor('beta', 'jobs'), { level: 'summary', pseudonyms: true, top: 5 });
    const none = new AccessResolver(config({ anonymous: null })).resolve({ token: null, proxyGrant: null });
    assert.ok('error' in none);
    assert.equal(none.error.code, 'unauthorized');
  });

  it('never gives more than asked, and a summary asked of a wider grant is pseudonymous', () => {
    const ok = new AccessResolver(config()).resolve({ token: 's3cret-admin-token', proxyGrant: null });
    assert.ok('grant' in ok);
    assert.deepEqual(ok.grant.viewFor('alpha', 'users'), { level: 'users' });
    assert.equal(ok.grant.viewFor('alpha', 'summary')?.level, 'summary');
    assert.equal((ok.grant.viewFor('alpha', 'summary') as { pseudonyms: boolean }).pseudonyms, true);
    assert.equal(ok.grant.viewFor('nowhere', 'jobs'), null);
  });
});

describe('TrustedProxyPolicy', () => {
  const proxy = new TrustedProxyPolicy(config().trustedProxy!, clusters.map((c) => c.name));
  const headers = (values: Record<string, string>) => (name: string) => values[name] ?? '';

  it('believes the headers only from the proxy addresses', () => {
    const h = headers({ 'x-forwarded-user': 'alice', 'x-forwarded-groups': 'hpc-staff' });
    assert.ok(proxy.grant('127.0.0.1', h));
    assert.ok(proxy.grant('::ffff:10.1.200.3', h));
    assert.equal(proxy.grant('10.2.0.1', h), null);
    assert.equal(proxy.grant('127.0.0.1', headers({})), null);
  });

  it('takes the widest view per cluster over the user groups', () => {
    const grant = proxy.grant('127.0.0.1', headers({ 'x-forwarded-user': 'alice', 'x-forwarded-groups': 'everyone, hpc-staff' }))!;
    assert.deepEqual(grant.viewFor('alpha', 'jobs'), { level: 'jobs' });
    assert.deepEqual(grant.viewFor('beta', 'jobs'), { level: 'summary', pseudonyms: true, top: 5 });
    assert.equal(grant.who, 'proxy:alice');
  });

  it('gives a user in no known group nothing, so the anonymous scope applies', () => {
    assert.equal(proxy.grant('127.0.0.1', headers({ 'x-forwarded-user': 'bob', 'x-forwarded-groups': 'students' })), null);
  });

  it('normalises IPv4-mapped addresses', () => {
    assert.equal(normalizeAddress('::FFFF:127.0.0.1'), '127.0.0.1');
    assert.equal(normalizeAddress('0000:0000:0000:0000:0000:ffff:127.0.0.1'), '127.0.0.1');
    assert.equal(normalizeAddress('::1'), '::1');
  });
});

describe('OriginPolicy', () => {
  const policy = new OriginPolicy(['https://wiki.example.org']);
  it('allows the site itself, listed origins and clients without Origin', () => {
    assert.ok(policy.allows('https://dash.example.org', 'dash.example.org'));
    assert.ok(policy.allows('http://127.0.0.1:8080', '127.0.0.1:8080'));
    assert.ok(policy.allows('https://dash.example.org', 'dash.example.org:443'));
    assert.ok(policy.allows('https://wiki.example.org', 'dash.example.org'));
    assert.ok(policy.allows('', 'dash.example.org'));
  });
  it('refuses other sites, lookalikes and opaque origins', () => {
    assert.ok(!policy.allows('https://evil.example.com', 'dash.example.org'));
    assert.ok(!policy.allows('https://wiki.example.org.evil.com', 'dash.example.org'));
    assert.ok(!policy.allows('http://wiki.example.org', 'dash.example.org'));
    assert.ok(!policy.allows('null', 'dash.example.org'));
    assert.ok(!policy.allows('http://127.0.0.1:9999', '127.0.0.1:8080'));
  });
});
