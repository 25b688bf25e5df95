/**
 * The wiki case, for real: the built gateway (`webstat gateway --config`, serving the built site)
 * on http://127.0.0.1:P, and "wikis" on other origins (node:http on http://localhost:Q) whose pages
 * load `webstat-widgets.js` from the gateway and hold `<webstat-cluster-row gateway=… cluster=…>`.
 * In Chromium (playwright-core on the system's Chromium):
 * - an allowed wiki's rows show the gateway's numbers, two rows over one WebSocket, with no script
 *   error and no failed request (the worker starts from a same-origin blob: wrapper, its script,
 *   chunks and the sql.js wasm come from the gateway with CORS);
 * - the same under the strict Content-Security-Policy the embed guide tells wiki admins to set;
 * - a wiki whose origin is not in allowedOrigins gets rows that say the gateway is unreachable
 *   (not blank rows), and the gateway counts and logs the refused origin.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium } from './harness/dashboard-page.ts';
import type { DemoCluster } from '../gateway/demo/demo-clusters.ts';
import type { SimulatedAgent } from '../gateway/demo/simulated-agent.ts';
import { builtSystem } from './harness/built-system.ts';
import { GatewayProcess } from './harness/gateway-process.ts';

const CLUSTERS: DemoCluster[] = [
  { name: 'orca', label: 'Orca', flavour: 'openpbs', jobs: 300, nodes: 32, users: 12, groups: 4, seed: 4101, flaky: false },
  { name: 'torrent', label: 'Torrent', flavour: 'torque', jobs: 200, nodes: 24, users: 9, groups: 3, seed: 4102, flaky: false },
];

let dir = '';
let agents: SimulatedAgent[] = [];
let gateway: GatewayProcess;
let browser: Browser;
const wikis: Server[] = [];
let allowedWiki = '';
let refusedWiki = '';
/** The Content-Security-Policy sources the gateway's embed guide gives for itself. */
let guidePolicy = '';

/**
 * A wiki: its pages hold the two rows, the module loaded from the gateway; `/strict` adds a CSP.
 * The gateway's address is read at each request: the gateway starts after the wikis, whose
 * origins its configuration names.
 */
async function startWiki(): Promise<string> {
  const page = (gatewayOrigin: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Our clusters</title><link rel="icon" href="data:,">
    <script type="module" src="${gatewayOrigin}/webstat-widgets.js"></script></head>
    <body><h1>Our clusters</h1>
    ${CLUSTERS.map((cluster) => `<webstat-cluster-row gateway="${gatewayOrigin}" cluster="${cluster.name}" range="1h"></webstat-cluster-row>`).join('\n')}
    </body></html>`;
  // The wiki's strict policy: its own sources, plus what the embed guide (site/embed.html#csp),
  // read off the gateway's own guide page, tells a wiki admin to add for this gateway.
  const strictPolicy = () => ["default-src 'self'", "img-src 'self' data:", ...guidePolicy.split(/;\s*/)].join('; ');
  const server = createServer((req, res) => {
    if (req.url !== '/' && req.url !== '/strict') {
      res.writeHead(404).end();
      return;
    }
    const gatewayOrigin = new URL(gateway.url).origin;
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      ...(req.url === '/strict' ? { 'Content-Security-Policy': strictPolicy() } : {}),
    });
    res.end(page(gatewayOrigin));
  });
  wikis.push(server);
  // No host: the dual-stack wildcard, so `localhost` reaches it whichever address it resolves to.
  await new Promise<void>((resolve) => server.listen(0, resolve));
  return `http://localhost:${(server.address() as AddressInfo).port}`;
}

interface ShownRow {
  cluster: string;
  status: string;
  /** The status's detail line (why, since when). */
  statusDetail: string;
  used: string;
  of: string;
  /** The history chart's table: the peak of the total over the range (series from sql.js). */
  historyPeak: string;
}

const READ_ROWS = `[...document.querySelectorAll('webstat-cluster-row')].map((row) => {
  const root = row.shadowRoot;
  const text = (selector) => ((root && root.querySelector(selector) && root.querySelector(selector).textContent) || '').replace(/\\s+/g, ' ').trim();
  const status = root && root.querySelector('webstat-status');
  const title = status && status.shadowRoot && status.shadowRoot.querySelector('[part="title"]');
  const detail = status && status.shadowRoot && status.shadowRoot.querySelector('[part="detail"]');
  const history = root && root.querySelector('webstat-history');
  const peak = history && history.shadowRoot && history.shadowRoot.querySelector('tfoot td:nth-of-type(3)');
  return {
    cluster: row.getAttribute('cluster'),
    historyPeak: peak ? peak.textContent.trim() : '',
    status: title ? title.textContent.trim() : '',
    statusDetail: detail ? detail.textContent.trim() : '',
    used: text('.figure.cores .big'),
    of: text('.figure.cores .of'),
  };
})`;

function readRows(page: Page): Promise<ShownRow[]> {
  return page.evaluate(READ_ROWS) as Promise<ShownRow[]>;
}

/**
 * Reads the rows until `done` holds. Polled from here, not with page.waitForFunction: that one
 * evaluates its predicate with eval inside the page, which a strict wiki policy rightly refuses.
 */
async function waitForRows(page: Page, done: (rows: ShownRow[]) => boolean, timeoutMs: number): Promise<ShownRow[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await readRows(page);
    if (done(rows)) return rows;
    if (Date.now() > deadline) throw new Error(`the rows never got there: ${JSON.stringify(rows)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function metric(pattern: RegExp): Promise<number | null> {
  const text = await (await fetch(new URL('metrics', gateway.url))).text();
  const match = pattern.exec(text);
  return match ? Number(match[1]) : null;
}

async function coresTotal(cluster: string): Promise<number> {
  const response = await fetch(new URL(`api/v1/clusters/${cluster}/summary`, gateway.url));
  assert.equal(response.status, 200);
  return ((await response.json()) as { summary: { coresTotal: number } }).summary.coresTotal;
}

/** A wiki page in a fresh browser context, recording script errors, CSP reports and failed requests. */
async function openWikiPage(url: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(String(error)));
  page.on('requestfailed', (request) => problems.push(`failed ${request.url()}: ${request.failure()?.errorText}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  });
  await page.goto(url);
  return { page, problems, close: () => context.close() };
}

/**
 * Waits until both rows show a cores figure and a history (which the worker answers from sql.js,
 * its wasm fetched from the gateway), then checks the figures against the gateway's own API.
 */
async function expectNumbers(page: Page, problems: string[]): Promise<void> {
  const rows = await waitForRows(page, (shown) => shown.length > 0 && shown.every((row) => /\d/.test(row.used) && /\d/.test(row.of) && /[1-9]/.test(row.historyPeak)), 90_000).catch((error: Error) => {
    throw new Error(`${error.message}\nproblems: ${problems.join('\n')}`);
  });
  assert.deepEqual(rows.map((row) => row.cluster), CLUSTERS.map((cluster) => cluster.name));
  for (const row of rows) {
    // The total of cores does not change in a simulation; the cores in use do, at every poll.
    assert.equal(Number(row.of.replace(/[^0-9]/g, '')), await coresTotal(row.cluster), `${row.cluster}: ${row.of}`);
    assert.equal(row.status, 'Live', `${row.cluster} says ${row.status}`);
  }
}

describe('webstat-widgets.js on a wiki of another origin', { timeout: 600_000 }, () => {
  before(async () => {
    const system = await builtSystem();
    dir = mkdtempSync(join(tmpdir(), 'webstat-e2e-embed-'));
    const { SimulatedAgent: Agent } = (await import(pathToFileURL(join(system.root, 'dist/gateway/demo/simulated-agent.js')).href)) as typeof import('../gateway/demo/simulated-agent.ts');
    agents = await Promise.all(CLUSTERS.map((cluster) => Agent.start(cluster, 2)));
    allowedWiki = await startWiki();
    refusedWiki = await startWiki();
    gateway = await GatewayProcess.start({
      system,
      dir,
      config: {
        pollInterval: 2,
        allowedOrigins: [allowedWiki],
        anonymous: { level: 'users', pseudonyms: false, top: 10 },
        clusters: agents.map((agent) => ({ name: agent.cluster.name, label: agent.cluster.label, agent: { url: agent.endpoint } })),
      },
    });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await gateway?.stop();
    await Promise.all(agents.map((agent) => agent.stop()));
    for (const wiki of wikis) await new Promise((resolve) => wiki.close(resolve));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('an allowed wiki shows both rows with the gateway’s numbers, over one WebSocket', async () => {
    assert.notEqual(new URL(allowedWiki).origin, new URL(gateway.url).origin);
    const { page, problems, close } = await openWikiPage(`${allowedWiki}/`);
    try {
      await expectNumbers(page, problems);
      assert.equal(await metric(/^webstat_connected_clients(?:\{[^}]*\})? (\d+)/m), 1, 'two rows on one WebSocket');
      const defined = await page.evaluate(() => ['webstat-cluster-row', 'webstat-pie', 'webstat-history', 'webstat-status'].every((name) => customElements.get(name)));
      assert.equal(defined, true, 'the module defines every element');
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  test('the same under a strict Content-Security-Policy with what the embed guide says to add', async () => {
    const guide = await openWikiPage(new URL('embed.html', gateway.url).href);
    try {
      await guide.page.waitForFunction(() => Boolean(document.querySelector('#snippet-csp')?.textContent));
      guidePolicy = (await guide.page.textContent('#snippet-csp'))!;
    } finally {
      await guide.close();
    }
    const gatewayOrigin = new URL(gateway.url).origin;
    assert.match(guidePolicy, new RegExp(`worker-src blob: ${gatewayOrigin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    const { page, problems, close } = await openWikiPage(`${allowedWiki}/strict`);
    try {
      await expectNumbers(page, problems);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  test('a wiki whose origin is not allowed gets rows that say the gateway is unreachable, with the code', async () => {
    const refusedBefore = (await metric(/^webstat_refused_connections_total\{reason="origin"\} (\d+)/m)) ?? 0;
    const { page, close } = await openWikiPage(`${refusedWiki}/`);
    try {
      const rows = await waitForRows(
        page,
        (shown) => shown.length > 0 && shown.every((row) => row.status === 'Gateway unreachable' && row.statusDetail.includes('gateway-unreachable')),
        60_000,
      );
      for (const row of rows) assert.doesNotMatch(row.used, /\d/, `${row.cluster} shows numbers it cannot have`);
      const refused = (await metric(/^webstat_refused_connections_total\{reason="origin"\} (\d+)/m)) ?? 0;
      assert.ok(refused > refusedBefore, `the gateway counted the refused origin (${refusedBefore} → ${refused})`);
      const logged = gateway.log.some((line) => line.msg === 'WebSocket refused: origin not allowed' && line.origin === refusedWiki);
      assert.ok(logged, `the gateway logged ${refusedWiki} as refused`);
    } finally {
      await close();
    }
  });
});
