/**
 * The dashboard in the system's Chromium (playwright-core, the flags of web-test-runner.config.mjs),
 * read the way a person reads it: per cluster row, the status word and its detail, the figures of
 * the header, the rows of the user pie's table (the accessible table a screen reader gets), and
 * the series the history chart draws (its public `data`: null where it draws a gap).
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
/**
 * As in web-test-runner.config.mjs (playwright adds its own headless switch). Without the two
 * WebUI omnibox popups, which Chromium otherwise builds for every new window (a renderer busy for
 * a second or more, competing with the page on a small machine); Puppeteer turns them off too.
 */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
}

export interface RowReading {
  cluster: string;
  /** The status badge's word ("Live", "Unreachable", "Scheduler error", "Gateway unreachable"…). */
  status: string;
  detail: string;
  /** Cores in use and in all, as the header shows them (null before data). */
  coresUsed: number | null;
  coresTotal: number | null;
  /** "2 running", "1 up"…: the header's counts, by their word. */
  jobs: Record<string, number>;
  nodes: Record<string, number>;
  /** The user pie's table: name, running cores, queued cores (null when the cell says –). */
  users: Array<{ name: string; running: number; queued: number | null }>;
  /** The history chart's columns: times, then one series per user (null = gap). */
  history: { times: number[]; series: Array<{ name: string; values: Array<number | null> }> } | null;
}

/**
 * Reads one row inside the page. Plain JavaScript in a string: the test runs through tsx, whose
 * compiled functions call a helper (`__name`) that does not exist in the page.
 */
const ROW_READER = `(name) => {
  const text = (element) => (element?.textContent ?? '').replace(/\\s+/g, ' ').trim();
  const number = (value) => (/\\d/.test(value) ? Number(value.replace(/[^0-9]/g, '')) : null);
  const row = document.querySelector('webstat-dashboard')?.shadowRoot?.querySelector(\`webstat-cluster-row[cluster="\${name}"]\`);
  const root = row?.shadowRoot;
  if (!root) return null;
  const status = root.querySelector('webstat-status')?.shadowRoot;
  const counts = (selector) => {
    const found = {};
    for (const count of root.querySelectorAll(\`\${selector} .count\`)) {
      const match = /^([\\d,. ]+)\\s+(\\S+)/.exec(text(count));
      if (match) found[match[2]] = Number(match[1].replace(/[^0-9]/g, ''));
    }
    return found;
  };
  const pie = root.querySelector('webstat-pie.by-user')?.shadowRoot;
  const users = [...(pie?.querySelectorAll('tbody tr') ?? [])].map((tr) => {
    const cells = [...tr.querySelectorAll('th, td')].map((cell) => text(cell));
    return { name: cells[0], running: number(cells[1]) ?? 0, queued: number(cells[3] ?? '') };
  });
  const data = root.querySelector('webstat-history')?.data ?? null;
  return {
    cluster: name,
    status: text(status?.querySelector('[part=title]')),
    detail: text(status?.querySelector('[part=detail]')),
    coresUsed: number(text(root.querySelector('.figure.cores .big'))),
    coresTotal: number(text(root.querySelector('.figure.cores .of')).replace(/^in use of/, '')),
    jobs: counts('.figure.jobs'),
    nodes: counts('.figure.nodes'),
    users,
    history: data ? { times: [...data.times], series: data.series.map((one) => ({ name: one.name, values: [...one.values] })) } : null,
  };
}`;

export class DashboardPage {
  /** Script errors, console errors and failed requests of the page. */
  readonly problems: string[] = [];

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
  ) {
    page.on('pageerror', (error) => this.problems.push(String(error)));
    page.on('console', (message) => {
      // A failed response is reported below with its address.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) this.problems.push(message.text());
    });
    page.on('response', (response) => {
      // The browser asks for /favicon.ico by itself; the site has none, which is no error of its pages.
      if (response.status() >= 400 && new URL(response.url()).pathname !== '/favicon.ico') this.problems.push(`HTTP ${response.status()} ${response.url()}`);
    });
  }

  /** Opens `address` (the gateway's own site) in a fresh browser context. */
  static async open(browser: Browser, address: string): Promise<DashboardPage> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const dashboard = new DashboardPage(context, await context.newPage());
    await dashboard.page.goto(address);
    return dashboard;
  }

  async close(): Promise<void> {
    await this.context.close();
  }

  /** What the row of `cluster` shows now, or null while the dashboard has no such row. */
  row(cluster: string): Promise<RowReading | null> {
    return this.page.evaluate(`(${ROW_READER})(${JSON.stringify(cluster)})`) as Promise<RowReading | null>;
  }

  /** Reads the row until `accept` holds, or fails after `timeoutMs` with the last reading. */
  async waitForRow(cluster: string, accept: (row: RowReading) => boolean, timeoutMs: number, what: string): Promise<RowReading> {
    const deadline = Date.now() + timeoutMs;
    let last: RowReading | null = null;
    for (;;) {
      last = await this.row(cluster);
      if (last && accept(last)) return last;
      if (Date.now() > deadline) {
        throw new Error(`${cluster}: the row did not show ${what} within ${Math.round(timeoutMs / 1000)} s; it shows ${JSON.stringify(last && { ...last, history: undefined })}`);
      }
      await this.page.waitForTimeout(250);
    }
  }
}
