/**
 * The built site in Chromium against `webstat demo` (what `npm start` runs): builds, starts the
 * demo on a free port, opens the pages with playwright-core on the system Chromium, and checks
 * what a person would see there against the gateway's own JSON API: every cluster a row, the
 * numbers equal, one WebSocket for the whole grid, the wall fitting the screen, the embed module
 * working from a page elsewhere on the host, and no script error or failed request anywhere.
 */
import assert from 'node:assert/strict';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium } from './harness/dashboard-page.ts';
import { startDemoProcess, stopProcess } from './harness/demo-process.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const CLUSTERS = 4;

let demo: ChildProcess;
let base = '';
let browser: Browser;

interface ApiSummary {
  name: string;
  summary: { coresUsed: number; coresTotal: number; users: { name: string; coresRunning: number }[] } | null;
}

async function api<T>(path: string): Promise<T> {
  const response = await fetch(new URL(path, base));
  assert.equal(response.status, 200, `${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/**
 * What the rows of the dashboard show: name, cores in use, cores in all, the user pie's table.
 * A string, not a function: tsx names inner functions with a helper the page does not have.
 */
const READ_ROWS = `(() => {
  const dashboard = document.querySelector('webstat-dashboard');
  const text = (element) => ((element && element.textContent) || '').replace(/\\s+/g, ' ').trim();
  const number = (value) => Number(value.replace(/[^0-9]/g, ''));
  return [...dashboard.shadowRoot.querySelectorAll('webstat-cluster-row')].map((row) => {
    const root = row.shadowRoot;
    const pie = root.querySelector('webstat-pie.by-user').shadowRoot;
    return {
      cluster: row.getAttribute('cluster'),
      used: number(text(root.querySelector('.figure.cores .big'))),
      total: number(text(root.querySelector('.figure.cores .of')).replace(/^in use of/, '')),
      users: [...pie.querySelectorAll('tbody tr')].map((tr) => {
        const cells = [...tr.querySelectorAll('th, td')].map((cell) => text(cell));
        return [cells[0], number(cells[1])];
      }),
    };
  });
})()`;

interface ShownRow {
  cluster: string;
  used: number;
  total: number;
  users: [string, number][];
}

function readRows(page: Page): Promise<ShownRow[]> {
  return page.evaluate(READ_ROWS) as Promise<ShownRow[]>;
}

/** The user pie a row should show for a summary: the top 8 by cores, the rest as others. */
function expectedUsers(users: { name: string; coresRunning: number }[]): [string, number][] {
  const running = users.filter((user) => user.coresRunning > 0 && user.name !== 'others');
  running.sort((a, b) => b.coresRunning - a.coresRunning || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const shown: [string, number][] = running.slice(0, 8).map((user) => [user.name, user.coresRunning]);
  const folded = users.find((user) => user.name === 'others')?.coresRunning ?? 0;
  const rest = running.slice(8).reduce((sum, user) => sum + user.coresRunning, folded);
  if (running.length > 8 || folded > 0) shown.push(['others', rest]);
  return shown;
}

/** A page that records Content-Security-Policy violations and script errors. */
async function openPage(path: string, viewport = { width: 1366, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  });
  page.on('pageerror', (error) => problems.push(String(error)));
  await page.goto(new URL(path, base).href);
  return { page, problems, close: () => context.close() };
}

describe('the built site against webstat demo', { timeout: 600_000 }, () => {
  before(async () => {
    // WEBSTAT_SKIP_BUILD=1 when the caller has just built (CI builds once for every test).
    if (process.env.WEBSTAT_SKIP_BUILD !== '1') execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
    ({ child: demo, url: base } = await startDemoProcess({ root, clusters: CLUSTERS, intervalSeconds: 5 }));
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    if (demo) await stopProcess(demo);
  });

  test('the dashboard shows a row per cluster, with the numbers the gateway gives, over one WebSocket', async () => {
    const { page, problems, close } = await openPage('index.html');
    await page.waitForSelector('html[data-ready]', { timeout: 60_000 });
    const clusters = (await api<{ clusters: { name: string }[] }>('api/v1/clusters')).clusters.map((cluster) => cluster.name);
    assert.equal(clusters.length, CLUSTERS);
    assert.deepEqual((await readRows(page)).map((row) => row.cluster), clusters);

    // The gateway polls every 5 s: read the page and the API until one reading agrees.
    for (const name of clusters) {
      let last = '';
      let agreed = false;
      for (let attempt = 0; attempt < 20 && !agreed; attempt++) {
        const report = await api<ApiSummary>(`api/v1/clusters/${name}/summary`);
        const row = (await readRows(page)).find((one) => one.cluster === name)!;
        const expected = report.summary && { used: report.summary.coresUsed, total: report.summary.coresTotal, users: expectedUsers(report.summary.users) };
        const shown = { used: row.used, total: row.total, users: row.users };
        agreed = JSON.stringify(expected) === JSON.stringify(shown);
        last = `shown ${JSON.stringify(shown)}\nAPI   ${JSON.stringify(expected)}`;
        if (!agreed) await page.waitForTimeout(500);
      }
      assert.ok(agreed, `${name}: the row never matched the API\n${last}`);
    }

    const metrics = await (await fetch(new URL('metrics', base))).text();
    const clients = /^webstat_connected_clients(?:\{[^}]*\})? (\d+)/m.exec(metrics);
    assert.ok(clients, 'webstat_connected_clients in /metrics');
    assert.equal(Number(clients[1]), 1, `${CLUSTERS} rows on one WebSocket`);
    assert.deepEqual(problems, []);
    await close();
  });

  test('every row is in the accessibility tree, also those far below the fold', async () => {
    // A short window puts most rows far below the fold, where rendering shortcuts such as
    // content-visibility would take them out of what a screen reader can reach.
    const { page, problems, close } = await openPage('index.html', { width: 1024, height: 320 });
    await page.waitForSelector('html[data-ready]', { timeout: 60_000 });
    const labels = (await api<{ clusters: { label: string }[] }>('api/v1/clusters')).clusters.map((cluster) => cluster.label);
    const cdp = await page.context().newCDPSession(page);
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: { role?: { value: string }; name?: { value: string }; ignored: boolean }[] };
    const headings = nodes.filter((node) => node.role?.value === 'heading' && !node.ignored).map((node) => node.name?.value);
    for (const label of labels) assert.ok(headings.includes(label), `no heading "${label}" in the accessibility tree (${headings.join(' | ')})`);
    const tables = nodes.filter((node) => node.role?.value === 'table' && !node.ignored).length;
    assert.ok(tables >= 3 * labels.length, `${tables} tables in the accessibility tree for ${labels.length} rows (each has its pies' and its chart's)`);
    assert.deepEqual(problems, []);
    await close();
  });

  test('the wall fills a 1920 × 1080 screen without scrolling, dark, every row drawn', async () => {
    const { page, problems, close } = await openPage('wall.html', { width: 1920, height: 1080 });
    await page.waitForSelector('html[data-ready]', { timeout: 60_000 });
    // The rows are ready with their figures and pies; each history chart (its own chunk, drawn
    // once it has a size and its first answer) follows.
    // (Polled with evaluate: the page's CSP refuses the string predicates of waitForFunction.)
    let charted = false;
    for (let attempt = 0; attempt < 60 && !charted; attempt++) {
      if (attempt > 0) await page.waitForTimeout(500);
      charted = (await page.evaluate(
        `[...document.querySelector('webstat-dashboard').shadowRoot.querySelectorAll('webstat-cluster-row')]
          .every((row) => row.shadowRoot.querySelector('webstat-history')?.shadowRoot?.querySelector('canvas') != null)`,
      )) as boolean;
    }
    assert.ok(charted, 'every row has its history chart within 30 s of being ready');
    const layout = (await page.evaluate(`(() => {
      const dashboard = document.querySelector('webstat-dashboard');
      const rows = [...dashboard.shadowRoot.querySelectorAll('webstat-cluster-row')];
      return {
        scroll: document.documentElement.scrollHeight - innerHeight,
        bottoms: rows.map((row) => row.getBoundingClientRect().bottom),
        heights: rows.map((row) => row.getBoundingClientRect().height),
        background: getComputedStyle(document.documentElement).backgroundColor,
      };
    })()`)) as { scroll: number; bottoms: number[]; heights: number[]; background: string };
    assert.ok(layout.scroll <= 0, `the wall scrolls by ${layout.scroll} px`);
    assert.equal(layout.bottoms.length, CLUSTERS);
    for (const bottom of layout.bottoms) assert.ok(bottom <= 1080, `a row ends at ${bottom} px`);
    for (const height of layout.heights) assert.ok(height >= 100, `a row only ${height} px tall`);
    assert.match(layout.background, /^rgb\((\d{1,2}), (\d{1,2}), (\d{1,2})\)$/, 'a dark page');
    assert.deepEqual(problems, []);
    await close();
  });

  test('webstat-widgets.js works from a page elsewhere on the host: one script, one element, its worker found from the module', async () => {
    // A wiki page under another path of the gateway's host (as behind a reverse proxy that mounts
    // both): the module, its worker and the wasm must be found relative to the module, not to the page.
    const first = (await api<{ clusters: { name: string }[] }>('api/v1/clusters')).clusters[0]!.name;
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(String(error)));
      page.on('response', (response) => {
        if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
      });
      const wikiPage = `${base}wiki/groups/materials/Our_cluster`;
      await page.route(wikiPage, (route) =>
        route.fulfill({
          status: 200,
          contentType: 'text/html',
          body: `<!doctype html><title>Our cluster</title><h1>Our cluster</h1>
            <script type="module" src="${base}webstat-widgets.js"></script>
            <webstat-cluster-row gateway="${base}" cluster="${first}" range="6h"></webstat-cluster-row>`,
        }),
      );
      await page.goto(wikiPage);
      await page.waitForFunction(() => Boolean(document.querySelector('webstat-cluster-row')?.shadowRoot?.querySelector('.figure.cores .big')), undefined, {
        timeout: 60_000,
      });
      const shown = (await page.evaluate(`(() => {
        const root = document.querySelector('webstat-cluster-row').shadowRoot;
        return Number(root.querySelector('.figure.cores .of').textContent.replace(/[^0-9]/g, ''));
      })()`)) as number;
      const report = await api<ApiSummary>(`api/v1/clusters/${first}/summary`);
      assert.equal(shown, report.summary!.coresTotal);
      const defined = await page.evaluate(() =>
        ['webstat-dashboard', 'webstat-cluster-row', 'webstat-pie', 'webstat-history', 'webstat-status'].every((name) => customElements.get(name)),
      );
      assert.equal(defined, true, 'the module defines every element');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('the embedding guide gives snippets with this site’s own addresses', async () => {
    const { page, problems, close } = await openPage('embed.html');
    await page.waitForFunction(() => document.querySelector('#snippet-element')?.textContent?.includes('webstat-widgets.js'));
    const snippet = await page.textContent('#snippet-element');
    assert.ok(snippet!.includes(`src="${base}webstat-widgets.js"`), snippet!);
    assert.match((await page.textContent('#snippet-iframe'))!, new RegExp(`src="${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}row\\.html\\?cluster=`));
    assert.deepEqual(problems, []);
    await close();
  });
});
