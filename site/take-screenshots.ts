/**
 * Screenshots of the pages at a phone's, a laptop's and a wall screen's size, for a person to look
 * at (they are not compared by any test):
 *
 *   node --import tsx site/take-screenshots.ts http://127.0.0.1:8080/ /tmp/webstat-shots [page ...]
 *
 * Pages default to the dashboard (light and dark), the wall and the embedding guide. Each waits
 * until every row has drawn (`data-ready` on <html>) or 20 s.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '../e2e/harness/dashboard-page.ts';

const SIZES = [
  { name: 'phone', width: 390, height: 844, scale: 2 },
  { name: 'laptop', width: 1366, height: 768, scale: 1 },
  { name: 'wall', width: 1920, height: 1080, scale: 1 },
];

const [base = 'http://127.0.0.1:8080/', out = '/tmp/webstat-shots', ...pages] = process.argv.slice(2);
const chosen = pages.length > 0 ? pages : ['index.html', 'index.html?theme=dark', 'wall.html', 'embed.html'];
mkdirSync(out, { recursive: true });

const browser = await launchChromium();
try {
  for (const page of chosen) {
    for (const size of SIZES) {
      const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, deviceScaleFactor: size.scale });
      const tab = await context.newPage();
      const problems: string[] = [];
      tab.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
      });
      tab.on('pageerror', (error) => problems.push(String(error)));
      await tab.goto(new URL(page, base).href);
      await tab.waitForSelector('html[data-ready]', { timeout: 20_000 }).catch(() => problems.push('not ready after 20 s'));
      await tab.waitForTimeout(500);
      const file = join(out, `${page.replace(/[^a-z0-9]+/gi, '-').replace(/-html-?/, '-').replace(/-$/, '')}-${size.name}.png`);
      await tab.screenshot({ path: file, fullPage: !page.startsWith('wall') });
      console.log(file, problems.length > 0 ? `\n  ${problems.join('\n  ')}` : '');
      await context.close();
    }
  }
} finally {
  await browser.close();
}
