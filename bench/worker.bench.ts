/**
 * Worker figures measured in Chromium: bench/worker-bench/ is built with Vite (as the site is),
 * served from a small static server on loopback, and run in the system Chromium through
 * playwright-core, headless, with the flags of web-test-runner.config.mjs.
 */
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Benchmark, Metric } from './metric.ts';
import type { BenchPart, WorkerBenchResult } from './worker-bench/bench-page.ts';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
};

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

async function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
    const file = join(dir, path === '/' ? 'index.html' : path);
    if (!file.startsWith(dir)) {
      response.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => response.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { server, url: `http://127.0.0.1:${port}/` };
}

export const benchmark: Benchmark = {
  prefix: 'worker',
  async run(): Promise<Metric[]> {
    const { build } = await import('vite');
    const { chromium } = await import('playwright-core');
    const outDir = await mkdtemp(join(tmpdir(), 'webstat-worker-bench-'));
    let server: Server | null = null;
    let browser: Awaited<ReturnType<typeof chromium.launch>> | null = null;
    try {
      await build({
        root: fileURLToPath(new URL('./worker-bench/', import.meta.url)),
        base: './',
        logLevel: 'error',
        configFile: false,
        build: { outDir, emptyOutDir: true, target: 'es2022' },
      });
      const served = await serve(outDir);
      server = served.server;
      browser = await chromium.launch({
        executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
        headless: true,
        // --expose-gc: the page collects the garbage of making its data before it measures.
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--js-flags=--expose-gc'],
      });
      const loadBefore = os.loadavg()[0]!;
      const result = {} as WorkerBenchResult;
      for (const part of ['applyDelta', 'applyDeltaUsers', 'query7d', 'restore'] as const satisfies readonly BenchPart[]) {
        const page = await browser.newPage();
        await page.goto(served.url);
        await page.waitForFunction(() => typeof window.runWorkerBench === 'function');
        (result as unknown as Record<string, unknown>)[part] = await page.evaluate((name) => window.runWorkerBench(name), part);
        await page.close();
      }
      // Other work on the machine changes these figures a lot: say how busy it was.
      const load = `; load average ${loadBefore.toFixed(1)} → ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`;
      const r = result.restore;
      return [
        {
          metric: 'worker.apply_delta_ms',
          value: result.applyDelta.median,
          unit: 'ms',
          target: '<= 5',
          note: `10,000-job cluster at the jobs level, one poll's delta (${result.applyDelta.frameBytes} B frame) decoded, applied and its sample stored in sql.js; median of 99, best ${result.applyDelta.min.toFixed(2)} ms, p90 ${result.applyDelta.p90.toFixed(2)} ms${load}`,
        },
        {
          metric: 'worker.apply_delta_users_ms',
          value: result.applyDeltaUsers.median,
          unit: 'ms',
          note: `the same at the users level a dashboard follows (no job table; ${result.applyDeltaUsers.frameBytes} B frame); best ${result.applyDeltaUsers.min.toFixed(2)} ms, p90 ${result.applyDeltaUsers.p90.toFixed(2)} ms`,
        },
        {
          metric: 'worker.query_7d_ms',
          value: result.query7d.median,
          unit: 'ms',
          target: '<= 50',
          note: `${result.query7d.points} one-minute steps, 50 users (2 days per poll, 5 days of 5-minute means), top 10 + others; median of 30, best ${result.query7d.min.toFixed(1)} ms${load}`,
        },
        {
          metric: 'worker.query_7d_clone_ms',
          value: result.query7d.cloneMedian,
          unit: 'ms',
          note: `that result structured-cloned (what carrying it to the page costs, both sides); median of 30, best ${result.query7d.cloneMin.toFixed(1)} ms`,
        },
        {
          metric: 'worker.idb_restore_ms',
          value: r.median,
          unit: 'ms',
          note: `10 clusters × 7 days (${mib(r.bytes)} of history, one IndexedDB Blob per cluster) read and opened in sql.js, after the 10 last snapshots; median of 6, best ${r.min.toFixed(0)} ms; sql.js already compiled${load}`,
        },
        {
          metric: 'worker.idb_restore_snapshots_ms',
          value: r.snapshotsMs,
          unit: 'ms',
          note: `the 10 last snapshots (${(r.snapshotBytes / 1024).toFixed(0)} KiB) read and decoded, before any history or sql.js (what a reload paints first); the first cluster's history in after ${r.firstHistoryMs.toFixed(0)} ms`,
        },
        {
          metric: 'worker.idb_save_ms',
          value: r.saveMs,
          unit: 'ms',
          note: `a save with all 10 histories changed (${mib(r.bytes)}) and their snapshots; the worker's thread was busy at most ${r.saveBlockMs.toFixed(0)} ms at a time. A save of the snapshots alone (histories are saved at most every 5 minutes) took ${r.snapshotSaveMs.toFixed(0)} ms`,
        },
        {
          metric: 'worker.idb_save_block_ms',
          value: r.saveBlockMs,
          unit: 'ms',
          note: 'the longest stretch a query waits behind that save',
        },
      ];
    } finally {
      await browser?.close();
      if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
      await rm(outDir, { recursive: true, force: true });
    }
  },
};
