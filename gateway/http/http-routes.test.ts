// The HTTP endpoints through real uWebSockets.js on port 0, read with node:http so that headers
// (Accept-Encoding, raw paths) are exactly what the test says.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import type { HistorySource } from '../cluster-feed.ts';
import { sampleSnapshot, SAMPLE_USERS } from '../testing/sample-cluster.ts';
import { ADMIN_TOKEN, testConfig, USERS_TOKEN } from '../testing/test-config.ts';
import { connect } from '../testing/ws-test-client.ts';
import { startWebServer, type WebServer } from '../web-server.ts';

interface Response {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
}

let server: WebServer;
const dir = mkdtempSync(join(tmpdir(), 'webstat-site-'));
const site = join(dir, 'site');
const history: HistorySource = { history: () => [], lastSnapshot: () => null };
const APP_JS = 'console.log("dashboard");\n'.repeat(50);

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode!, headers: res.headers, body, text: body.toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

before(async () => {
  mkdirSync(join(site, 'assets'), { recursive: true });
  mkdirSync(join(site, 'wall'));
  writeFileSync(join(site, 'index.html'), '<!doctype html><title>webstat</title><script type="module" src="/assets/index-Bq3xZ9_k.js"></script>');
  writeFileSync(join(site, 'wall', 'index.html'), '<!doctype html><title>wall</title>');
  writeFileSync(join(site, 'embed.html'), '<!doctype html><title>embed</title>');
  writeFileSync(join(site, 'assets', 'index-Bq3xZ9_k.js'), APP_JS);
  writeFileSync(join(site, 'assets', 'index-Bq3xZ9_k.js.br'), brotliCompressSync(APP_JS));
  writeFileSync(join(site, 'assets', 'index-Bq3xZ9_k.js.gz'), gzipSync(APP_JS));
  writeFileSync(join(site, 'assets', 'sql-wasm-Dh7s2kLq.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  writeFileSync(join(site, 'webstat-elements.js'), 'export {};\n');
  writeFileSync(join(site, '.env'), 'SECRET=1\n');
  writeFileSync(join(dir, 'outside.txt'), 'outside the site\n');
  symlinkSync(join(dir, 'outside.txt'), join(site, 'escape.txt'));

  server = await startWebServer({
    // Anonymous visitors see alpha only, so a cluster outside a scope can be tried.
    config: testConfig({ site, anonymous: { clusters: ['alpha'], level: 'summary', pseudonyms: true, top: 2 } }),
    history, deflate: false, pollStates: () => [{ name: 'alpha', lastPollMs: 250.4, lastPollAt: 1_795_000_060 }] });
  server.hub.snapshot('alpha', sampleSnapshot({ cluster: 'alpha', seq: 4 }));
  server.hub.status('beta', { health: 'unreachable', code: 'host-key-unknown', message: 'host key not in known_hosts', lastOkAt: null, durationMs: null, outputBytes: null }, 1_795_000_100);
});

after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('/healthz', () => {
  it('answers 200 with every cluster and its status', async () => {
    const res = await get('/healthz');
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    const body = JSON.parse(res.text);
    assert.deepEqual(body.clusters.map((c: { name: string; status: string }) => [c.name, c.status]), [['alpha', 'ok'], ['beta', 'unreachable']]);
    assert.equal(body.clusters[0].lastOkAt, 1_795_000_000);
    assert.equal(body.clusters[1].code, 'host-key-unknown');
    assert.equal(body.clusters[0].lastPollMs, 250);
    assert.equal(body.clusters[0].lastPollAt, 1_795_000_060);
    const head = await get('/healthz', {}, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
  });
});

describe('/metrics', () => {
  it('exposes webstat_* series in Prometheus text', async () => {
    const ws = await connect(`ws://127.0.0.1:${server.port}/ws`);
    ws.hello(null, [{ cluster: 'alpha', level: 'summary' }]);
    await ws.messages(2);
    ws.socket.send(Buffer.from([7, 7, 7]));
    await ws.closed;
    const res = await get('/metrics');
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /^text\/plain/);
    for (const name of [
      'webstat_cluster_status',
      'webstat_poll_duration_seconds',
      'webstat_collection_duration_seconds',
      'webstat_cores',
      'webstat_jobs',
      'webstat_nodes',
      'webstat_connected_clients',
      'webstat_frames_sent_total',
      'webstat_bytes_sent_total',
      'webstat_bad_client_frames_total',
    ]) {
      assert.match(res.text, new RegExp(`^# TYPE ${name} `, 'm'), name);
    }
    assert.match(res.text, /^webstat_cluster_status\{cluster="beta",status="unreachable"\} 1$/m);
    assert.match(res.text, /^webstat_poll_duration_seconds\{cluster="alpha"\} 0\.2504$/m);
    assert.match(res.text, /^webstat_collection_duration_seconds\{cluster="alpha"\} 0\.85$/m);
    assert.match(res.text, /^webstat_bad_client_frames_total\{code="unsupported-version"\} 1$/m);
    const running = sampleSnapshot({ cluster: 'alpha' }).summary.jobs.running;
    assert.match(res.text, new RegExp(`^webstat_jobs\\{cluster="alpha",state="running"\\} ${running}$`, 'm'));
    for (const user of SAMPLE_USERS) assert.ok(!res.text.includes(user), user);
  });
});

describe('/api/v1', () => {
  it('lists the clusters of the anonymous scope and of a token', async () => {
    const anonymous = JSON.parse((await get('/api/v1/clusters')).text);
    assert.deepEqual(anonymous.clusters.map((c: { name: string; level: string }) => [c.name, c.level]), [['alpha', 'summary']]);
    const staff = JSON.parse((await get('/api/v1/clusters', { authorization: `Bearer ${USERS_TOKEN}` })).text);
    assert.deepEqual(staff.clusters.map((c: { name: string; level: string }) => [c.name, c.level]), [['alpha', 'users']]);
  });

  it('filters a summary by scope: pseudonyms for anonymous, names for a token', async () => {
    const anonymous = await get('/api/v1/clusters/alpha/summary');
    assert.equal(anonymous.status, 200);
    for (const user of SAMPLE_USERS) assert.ok(!anonymous.text.includes(user), user);
    assert.match(anonymous.text, /user-[0-9a-f]{6}/);
    const admin = JSON.parse((await get('/api/v1/clusters/alpha/summary', { authorization: `Bearer ${ADMIN_TOKEN}` })).text);
    assert.equal(admin.level, 'jobs');
    assert.deepEqual(admin.summary.users.map((u: { name: string }) => u.name).sort(), [...SAMPLE_USERS].sort());
  });

  it('refuses a wrong token with 401 and hides clusters outside the scope', async () => {
    const wrong = await get('/api/v1/clusters', { authorization: 'Bearer nope' });
    assert.equal(wrong.status, 401);
    assert.equal(JSON.parse(wrong.text).code, 'unauthorized');
    assert.match(String(wrong.headers['www-authenticate']), /^Bearer/);
    const basic = await get('/api/v1/clusters', { authorization: 'Basic YWxpY2U6cHc=' });
    assert.equal(basic.status, 401);
    const outside = await get('/api/v1/clusters/beta/summary', { authorization: `Bearer ${USERS_TOKEN}` });
    assert.equal(outside.status, 404);
    assert.equal(JSON.parse(outside.text).code, 'unknown-cluster');
    assert.equal((await get('/api/v1/clusters/beta/summary')).status, 404);
    assert.equal((await get('/api/v1/clusters/nowhere/summary')).status, 404);
    const admin = JSON.parse((await get('/api/v1/clusters', { authorization: `Bearer ${ADMIN_TOKEN}` })).text);
    assert.deepEqual(admin.clusters.map((c: { name: string; level: string }) => [c.name, c.level]), [['alpha', 'jobs'], ['beta', 'jobs']]);
  });
});

describe('the built site', () => {
  it('serves HTML with no-cache and a strict Content-Security-Policy', async () => {
    const res = await get('/', { host: `dash.example.org:${server.port}` });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(res.headers['cache-control'], 'no-cache');
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-eval'|'unsafe-inline'[^;]*script|script-src[^;]*unsafe-inline/);
    assert.match(csp, new RegExp(`connect-src 'self' ws://dash\\.example\\.org:${server.port} wss://dash\\.example\\.org:${server.port}`));
    assert.match(csp, /worker-src 'self'/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
  });

  it('lets scripts (workers) compile WebAssembly and nothing else', async () => {
    const res = await get('/assets/index-Bq3xZ9_k.js');
    assert.match(String(res.headers['content-security-policy']), /script-src 'self' 'wasm-unsafe-eval'/);
    assert.equal(res.headers['content-type'], 'text/javascript; charset=utf-8');
  });

  it('marks hashed assets immutable and other files no-cache', async () => {
    assert.equal((await get('/assets/index-Bq3xZ9_k.js')).headers['cache-control'], 'public, max-age=31536000, immutable');
    const wasm = await get('/assets/sql-wasm-Dh7s2kLq.wasm');
    assert.equal(wasm.headers['content-type'], 'application/wasm');
    assert.equal(wasm.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal((await get('/webstat-elements.js')).headers['cache-control'], 'no-cache');
  });

  it('serves precompressed files to clients that accept them', async () => {
    const br = await get('/assets/index-Bq3xZ9_k.js', { 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(br.headers.vary, 'Accept-Encoding');
    assert.deepEqual(br.body, brotliCompressSync(APP_JS));
    const gzip = await get('/assets/index-Bq3xZ9_k.js', { 'accept-encoding': 'gzip' });
    assert.equal(gzip.headers['content-encoding'], 'gzip');
    const refused = await get('/assets/index-Bq3xZ9_k.js', { 'accept-encoding': 'br;q=0, gzip;q=0' });
    assert.equal(refused.headers['content-encoding'], undefined);
    assert.equal(refused.text, APP_JS);
  });

  it('answers 304 to a matching ETag, per encoding', async () => {
    const first = await get('/assets/index-Bq3xZ9_k.js', { 'accept-encoding': 'br' });
    const etag = String(first.headers.etag);
    const again = await get('/assets/index-Bq3xZ9_k.js', { 'accept-encoding': 'br', 'if-none-match': etag });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    const otherEncoding = await get('/assets/index-Bq3xZ9_k.js', { 'accept-encoding': 'identity', 'if-none-match': etag });
    assert.equal(otherEncoding.status, 200);
  });

  it('finds pages by directory and by name, and answers HEAD', async () => {
    assert.match((await get('/wall/')).text, /<title>wall/);
    const redirect = await get('/wall');
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.location, '/wall/');
    assert.match((await get('/embed')).text, /<title>embed/);
    const head = await get('/embed.html', {}, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
    assert.equal(Number(head.headers['content-length']), '<!doctype html><title>embed</title>'.length);
  });

  it('refuses path traversal, hidden files and links out of the site', async () => {
    assert.equal((await get('/../outside.txt')).status, 403);
    assert.equal((await get('/assets/%2e%2e/%2e%2e/outside.txt')).status, 403);
    assert.equal((await get('/assets%2f..%2f..%2foutside.txt')).status, 403);
    assert.equal((await get('/%00')).status, 403);
    assert.equal((await get('/%zz')).status, 400);
    assert.equal((await get('/.env')).status, 404);
    assert.equal((await get('/escape.txt')).status, 404);
    assert.equal((await get('/missing.js')).status, 404);
  });

  it('lets pages of any origin load its scripts and the wasm, but not read its pages', async () => {
    const wiki = { origin: 'https://wiki.example.org' };
    for (const path of ['/webstat-elements.js', '/assets/index-Bq3xZ9_k.js', '/assets/sql-wasm-Dh7s2kLq.wasm']) {
      const res = await get(path, wiki);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers['access-control-allow-origin'], '*', path);
      assert.equal(res.headers['access-control-allow-credentials'], undefined, path);
      assert.equal(res.headers['cross-origin-resource-policy'], 'cross-origin', path);
    }
    // A revalidated script keeps the header: the browser checks CORS on the 304's cached answer.
    const first = await get('/webstat-elements.js', wiki);
    const again = await get('/webstat-elements.js', { ...wiki, 'if-none-match': String(first.headers.etag) });
    assert.equal(again.status, 304);
    assert.equal(again.headers['access-control-allow-origin'], '*');
    const page = await get('/embed.html', wiki);
    assert.equal(page.status, 200);
    assert.equal(page.headers['access-control-allow-origin'], undefined);
    assert.equal(page.headers['cross-origin-resource-policy'], undefined);
  });

  it('refuses other methods', async () => {
    const res = await get('/', {}, 'POST');
    assert.equal(res.status, 405);
    assert.equal(res.headers.allow, 'GET, HEAD');
  });
});
