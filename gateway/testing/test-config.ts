/** A complete GatewayConfig for tests of the browser side: port 0, in-memory database, loopback. */
import type { GatewayConfig } from '../config/config-types.ts';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const USERS_TOKEN = 'test-users-token-0123456789';

export function testConfig(overrides: Partial<GatewayConfig> = {}): GatewayConfig {
  return {
    file: 'test-config.yaml',
    listen: { host: '127.0.0.1', port: 0 },
    pollInterval: 60,
    allowedOrigins: ['https://wiki.example.org'],
    tokens: [
      { name: 'admins', token: ADMIN_TOKEN, clusters: '*', level: 'jobs', pseudonyms: false, top: 10 },
      { name: 'staff', token: USERS_TOKEN, clusters: ['alpha'], level: 'users', pseudonyms: false, top: 10 },
    ],
    anonymous: { clusters: '*', level: 'summary', pseudonyms: true, top: 2 },
    trustedProxy: null,
    database: ':memory:',
    retention: { rawHours: 48, fiveMinuteDays: 30, hourlyDays: 730 },
    site: null,
    clusters: ['alpha', 'beta'].map((name) => ({
      name,
      label: name[0]!.toUpperCase() + name.slice(1),
      pollInterval: 60,
      agent: { kind: 'direct' as const, url: 'tcp://127.0.0.1:1' },
    })),
    ...overrides,
  };
}
