// The WebSocket endpoint through real uWebSockets.js on port 0 and real `ws` clients.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TOTAL_METRICS, USAGE_METRICS, type HistoryBlock } from '../../protocol/history.ts';
import type { Snapshot } from '../../protocol/model.ts';
import type { HistorySource } from '../cluster-feed.ts';
import {
  nextSnapshot,
  sampleSnapshot,
  SAMPLE_GROUPS,
  SAMPLE_JOB_NAME_PREFIX,
  SAMPLE_NODE_COMMENT,
  SAMPLE_USERS,
} from '../testing/sample-cluster.ts';
import { historyBlock } from '../testing/history-blocks.ts';
import { ADMIN_TOKEN, testConfig } from '../testing/test-config.ts';
import { until } from '../testing/until.ts';
import { connect, type Connected } from '../testing/ws-test-client.ts';
import { startWebServer, type WebServer } from '../web-server.ts';
import { CloseCode } from './close-codes.ts';

const history: HistorySource = {
  history: (cluster) => [
    {
      cluster,
      step: 60,
      times: [1_794_999_880, 1_794_999_940],
      totals: Object.fromEntries(TOTAL_METRICS.map((m) => [m, [10, 12]])) as HistoryBlock['totals'],
      series: SAMPLE_USERS.map((name, i) => ({
        dimension: 'user' as const,
        name,
        at: [0, 1],
        values: Object.fromEntries(USAGE_METRICS.map((m) => [m, [i, i + 1]])) as HistoryBlock['series'][0]['values'],
      })),
    },
  ],
  lastSnapshot: () => null,
};

const secrets = [...SAMPLE_USERS, ...SAMPLE_GROUPS, SAMPLE_JOB_NAME_PREFIX, SAMPLE_NODE_COMMENT];
const open: Connected[] = [];
let server: WebServer;
let alpha: Snapshot;
let wsUrl: string;

async function client(options: Parameters<typeof connect>[1] = {}): Promise<Connected> {
  const connected = await connect(wsUrl, options);
  open.push(connected);
  return connected;
}

function poll(): void {
  alpha = nextSnapshot(alpha, { finished: 5, arrived: 6 });
  server.hub.snapshot('alpha', alpha);
}

before(async () => {
  server = await startWebServer({
    config: testConfig(),
    history,
    deflate: false,
    limits: { maxPayloadLength: 16 * 1024 },
    rateLimit: { burst: 5, perSecond: 1 },
  });
  wsUrl = `ws://127.0.0.1:${server.port}/ws`;
  alpha = sampleSnapshot({ cluster: 'alpha', seq: 10, jobs: 60 });
  server.hub.snapshot('alpha', alpha);
  server.hub.snapshot('beta', sampleSnapshot({ cluster: 'beta', seq: 3 }));
});

after(async () => {
  for (const c of open) c.socket.terminate();
  await server.close();
});

describe('WebSocket /ws', () => {
  it('refuses a foreign Origin with 403 and accepts the site itself and listed origins', async () => {
    await assert.rejects(client({ origin: 'https://evil.example.com' }), { statusCode: 403 });
    const self = await client({ origin: `http://127.0.0.1:${server.port}` });
    const listed = await client({ origin: 'https://wiki.example.org' });
    self.socket.close();
    listed.socket.close();
  });

  it('streams snapshot, history and deltas a client can apply', async () => {
    const c = await client();
    c.hello(ADMIN_TOKEN, [{ cluster: 'alpha', level: 'jobs' }]);
    await c.messages(3);
    assert.deepEqual(c.client.messages.map((m) => m.type), ['welcome', 'snapshot', 'history']);
    poll();
    poll();
    await c.messages(5);
    assert.deepEqual(c.client.snapshots.get('alpha'), alpha);
    // Control for the scope test below: the jobs level does carry the names searched for there.
    for (const secret of secrets) assert.ok(c.client.text.includes(secret), secret);
  });

  it('never sends a summary connection a real user, group or job name', async () => {
    const withPseudonyms = await client();
    withPseudonyms.hello(null, [{ cluster: 'alpha', level: 'jobs' }, { cluster: 'beta', level: 'users' }]);
    const hidden = await client();
    hidden.hello(null, [{ cluster: 'alpha', level: 'summary' }]);
    await withPseudonyms.messages(5);
    for (let i = 0; i < 4; i++) poll();
    server.hub.status('alpha', { ...alpha.status, health: 'stale', code: 'timeout', message: 'agent did not answer' }, alpha.time + 120);
    poll();
    await withPseudonyms.messages(5 + 6);
    assert.deepEqual(withPseudonyms.client.welcome!.clusters.map((c) => c.level), ['summary', 'summary']);
    const decoded = withPseudonyms.client.text;
    for (const secret of secrets) assert.ok(!decoded.includes(secret), `leaked ${secret}`);
    assert.match(decoded, /user-[0-9a-f]{6}/);
    assert.ok(withPseudonyms.client.messages.some((m) => m.type === 'history'));
    for (const secret of secrets) assert.ok(!hidden.client.text.includes(secret), `leaked ${secret}`);
  });

  it('answers a wrong token with unauthorized and a close', async () => {
    const c = await client();
    c.hello('not-a-token', [{ cluster: 'alpha', level: 'jobs' }]);
    assert.equal(await c.closed, CloseCode.PolicyViolation);
    assert.deepEqual(c.client.messages.map((m) => m.type), ['error']);
    assert.equal(c.client.ofType('error')[0]!.code, 'unauthorized');
  });

  it('accepts a token in Sec-WebSocket-Protocol and answers with the webstat subprotocol', async () => {
    const c = await client({ protocols: ['webstat.v1', `webstat.token.${ADMIN_TOKEN}`] });
    assert.equal(c.socket.protocol, 'webstat.v1');
    c.hello(null, [{ cluster: 'alpha', level: 'jobs' }]);
    await c.messages(2);
    assert.equal(c.client.welcome!.clusters[0]!.level, 'jobs');
  });

  it('closes a client that sends garbage with an error frame, and keeps serving the others', async () => {
    const bystander = await client();
    bystander.hello(null, [{ cluster: 'alpha', level: 'summary' }]);
    await bystander.messages(3);
    const bad = await client();
    bad.socket.send(Buffer.from([1, 0x55, 0, 1, 2, 3]));
    assert.equal(await bad.closed, CloseCode.ProtocolError);
    assert.equal(bad.client.ofType('error')[0]!.code, 'unknown-opcode');
    const text = await client();
    text.socket.send('hello?');
    assert.equal(await text.closed, CloseCode.UnsupportedData);
    assert.equal(text.client.ofType('error')[0]!.code, 'bad-frame');
    poll();
    await bystander.messages(4);
    const later = await client();
    later.hello(null, [{ cluster: 'alpha', level: 'summary' }]);
    await later.messages(3);
    assert.deepEqual(later.client.snapshots.get('alpha'), bystander.client.snapshots.get('alpha'));
  });

  it('drops a client whose frame exceeds the size limit', async () => {
    const c = await client();
    c.socket.send(Buffer.alloc(64 * 1024, 1));
    const code = await c.closed;
    assert.ok(code === CloseCode.TooBig || code === 1006, `closed with ${code}`);
  });

  it('closes a client that sends too many frames', async () => {
    const c = await client();
    for (let i = 0; i < 10; i++) c.hello(null, []);
    assert.equal(await c.closed, CloseCode.PolicyViolation);
    assert.equal(c.client.ofType('error').at(-1)!.code, 'rate-limited');
  });

  it('resumes a client that holds the current seq and re-sends a snapshot to one that does not', async () => {
    const first = await client();
    first.hello(null, [{ cluster: 'alpha', level: 'summary', historySince: 1_794_999_940 }]);
    await first.messages(3);
    const seq = first.client.snapshots.get('alpha')!.seq;
    first.socket.close();
    const again = await client();
    again.hello(null, [{ cluster: 'alpha', level: 'summary', sinceSeq: seq }]);
    await again.messages(4);
    assert.deepEqual(again.client.messages.map((m) => m.type).slice(0, 3), ['welcome', 'resume', 'status']);
    const behind = await client();
    behind.hello(null, [{ cluster: 'alpha', level: 'summary', sinceSeq: seq - 1 }]);
    await behind.messages(2);
    assert.equal(behind.client.messages[1]!.type, 'snapshot');
  });
});

describe('slow clients', () => {
  it('drops a client that stops reading, keeps the others, and the dropped one resyncs', async () => {
    const own = await startWebServer({ config: testConfig(), history, deflate: false, limits: { maxBackpressure: 64 * 1024 } });
    const url = `ws://127.0.0.1:${own.port}/ws`;
    let state = sampleSnapshot({ cluster: 'alpha', seq: 1, jobs: 2000 });
    own.hub.snapshot('alpha', state);
    const fast = await connect(url);
    const slow = await connect(url);
    try {
      for (const c of [fast, slow]) c.hello(ADMIN_TOKEN, [{ cluster: 'alpha', level: 'jobs' }]);
      await fast.messages(3);
      await slow.messages(3);
      const slowSeq = slow.client.snapshots.get('alpha')!.seq;
      // The slow client stops reading: the kernel buffers fill, then the gateway's.
      (slow.socket as unknown as { _socket: { pause(): void } })._socket.pause();
      let polls = 0;
      while (own.metrics.connectedClients === 2 && polls < 600) {
        state = nextSnapshot(state, { finished: 1000, arrived: 1000 });
        own.hub.snapshot('alpha', state);
        polls++;
        await fast.messages(3 + polls);
      }
      assert.equal(own.metrics.connectedClients, 1, `slow client still connected after ${polls} polls`);
      assert.deepEqual(fast.client.snapshots.get('alpha'), state);
      (slow.socket as unknown as { _socket: { resume(): void } })._socket.resume();
      await slow.closed;
      const again = await connect(url);
      again.hello(ADMIN_TOKEN, [{ cluster: 'alpha', level: 'jobs', sinceSeq: slowSeq }]);
      await again.messages(3);
      assert.deepEqual(again.client.snapshots.get('alpha'), state);
      again.socket.close();
    } finally {
      fast.socket.terminate();
      slow.socket.terminate();
      await own.close();
    }
  });
});

describe('large answers', () => {
  it('deliver a megabyte of history whole, then a state that includes every poll made meanwhile', async () => {
    const block = historyBlock('alpha', 80, 1500);
    const own = await startWebServer({ config: testConfig(), history: { history: () => [block], lastSnapshot: () => null }, deflate: false });
    let state = sampleSnapshot({ cluster: 'alpha', seq: 1 });
    own.hub.snapshot('alpha', state);
    const c = await connect(`ws://127.0.0.1:${own.port}/ws`);
    try {
      c.hello(ADMIN_TOKEN, [{ cluster: 'alpha', level: 'jobs' }]);
      for (let i = 0; i < 3; i++) {
        await new Promise((resolve) => setImmediate(resolve));
        state = nextSnapshot(state);
        own.hub.snapshot('alpha', state);
      }
      await c.messages(3, 20_000);
      assert.ok(c.client.frames[2]!.length > 1_000_000, `history frame of ${c.client.frames[2]!.length} bytes`);
      assert.deepEqual(c.client.history, [block]);
      await until('the current state', () => c.client.snapshots.get('alpha')?.seq === state.seq);
      assert.deepEqual(c.client.snapshots.get('alpha'), state);
      state = nextSnapshot(state);
      own.hub.snapshot('alpha', state);
      await until('the next delta', () => c.client.snapshots.get('alpha')?.seq === state.seq);
      assert.deepEqual(c.client.snapshots.get('alpha'), state);
    } finally {
      c.socket.terminate();
      await own.close();
    }
  });
});

describe('a trusted reverse proxy', () => {
  it('believes the user and groups headers from the proxy address, and nobody else', async () => {
    const proxied = (addresses: string[]) =>
      testConfig({
        trustedProxy: {
          userHeader: 'X-Forwarded-User',
          groupsHeader: 'X-Forwarded-Groups',
          addresses,
          groups: { 'hpc-staff': { clusters: ['alpha'], level: 'jobs', pseudonyms: false, top: 10 } },
          defaultScope: null,
        },
      });
    const headers = { 'X-Forwarded-User': 'alice', 'X-Forwarded-Groups': 'students, hpc-staff' };
    for (const [addresses, expected] of [
      [['127.0.0.0/8'], [['alpha', 'jobs'], ['beta', 'summary']]],
      [['10.0.0.1'], [['alpha', 'summary'], ['beta', 'summary']]],
    ] as const) {
      const own = await startWebServer({ config: proxied([...addresses]), history, deflate: false });
      try {
        const c = await connect(`ws://127.0.0.1:${own.port}/ws`, { headers });
        c.hello(null, [{ cluster: 'alpha', level: 'jobs' }]);
        await c.messages(1);
        assert.deepEqual(c.client.welcome!.clusters.map((x) => [x.name, x.level]), expected);
        c.socket.close();
      } finally {
        await own.close();
      }
    }
  });
});

describe('TLS', () => {
  it('serves WSS and HTTPS itself with a certificate and key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'webstat-tls-'));
    try {
      const key = join(dir, 'key.pem');
      const cert = join(dir, 'cert.pem');
      execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
      const own = await startWebServer({ config: testConfig(), history, deflate: false, tls: { certFile: cert, keyFile: key } });
      try {
        assert.match(own.url, /^https:\/\//);
        own.hub.snapshot('alpha', sampleSnapshot({ cluster: 'alpha' }));
        const c = await connect(`wss://127.0.0.1:${own.port}/ws`, { ca: readFileSync(cert) });
        c.hello(null, [{ cluster: 'alpha', level: 'summary' }]);
        await c.messages(2);
        assert.equal(c.client.messages[1]!.type, 'snapshot');
        c.socket.close();
      } finally {
        await own.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('graceful shutdown', () => {
  it('tells clients to come back (1001) and stops listening', async () => {
    const own = await startWebServer({ config: testConfig(), history, deflate: false });
    const c = await connect(`ws://127.0.0.1:${own.port}/ws`);
    c.hello(null, [{ cluster: 'alpha', level: 'summary' }]);
    await c.messages(1);
    await own.close();
    assert.equal(await c.closed, CloseCode.GoingAway);
    await assert.rejects(
      new Promise((resolve, reject) => {
        const socket = createConnection(own.port, '127.0.0.1', () => resolve(socket.destroy()));
        socket.on('error', reject);
      }),
      { code: 'ECONNREFUSED' },
    );
  });
});
