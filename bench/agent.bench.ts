/**
 * Agent parse figures on a 100,000-job PBS Professional cluster made by the simulator (fixed
 * seed), rendered as the real commands print it: `qstat -f -t` text (TAB-wrapped at 79 columns)
 * and `qstat -f -t -F json`. Throughput is input megabytes (10^6 bytes) per second through the
 * real parsers (agent/formats.ts `parseOutput`), median of five runs after one warm-up.
 *
 * Peak memory is measured in a child process that does nothing but read the text and parse it, so
 * the figure is the parse's own and not this benchmark's (which holds the cluster and both texts).
 * Run directly as `node --import tsx bench/agent.bench.ts --peak-rss FILE` it is that child.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseOutput } from '../agent/formats.ts';
import type { ParseContext } from '../agent/parse-result.ts';
import { renderContext } from '../agent/simulator/render-context.ts';
import { renderQstatJson, renderQstatText } from '../agent/simulator/render-qstat-jobs.ts';
import { SyntheticCluster } from '../agent/simulator/synthetic-cluster.ts';
import { medianMs, type Benchmark, type Metric } from './metric.ts';

const JOBS = 100_000;
const SELF = fileURLToPath(import.meta.url);

interface PeakRss {
  /** Resident set after reading the text, before parsing, MB. */
  beforeMb: number;
  peakMb: number;
  jobs: number;
}

/** The child's work: read, parse, report the high-water mark of resident memory. */
function measurePeakRss(file: string): PeakRss {
  const text = readFileSync(file, 'utf8');
  const beforeMb = process.memoryUsage().rss / 2 ** 20;
  const parsed = parseOutput(text, 'qstat-f', { now: Math.floor(Date.now() / 1000), timeZone: 'UTC', flavour: 'pbspro' });
  // maxRSS is in kilobytes.
  return { beforeMb, peakMb: process.resourceUsage().maxRSS / 1024, jobs: parsed.jobs?.length ?? 0 };
}

function peakRssInChild(file: string): Promise<PeakRss> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SELF, '--peak-rss', file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('close', (status) => (status === 0 ? resolve(JSON.parse(out) as PeakRss) : reject(new Error(`peak-rss child exited with ${status}`))));
  });
}

function megabytesPerSecond(bytes: number, ms: number): number {
  return bytes / 1e6 / (ms / 1000);
}

export const benchmark: Benchmark = {
  prefix: 'agent.parse',
  async run(): Promise<Metric[]> {
    const cluster = new SyntheticCluster({ jobs: JOBS, nodes: 6000, users: 200, groups: 16, flavour: 'pbspro', seed: 20261128 });
    const rendering = renderContext(cluster);
    const text = renderQstatText(rendering);
    const json = renderQstatJson(rendering);
    const textBytes = Buffer.byteLength(text);
    const jsonBytes = Buffer.byteLength(json);
    const context: ParseContext = { now: cluster.time, timeZone: 'UTC', flavour: 'pbspro' };

    let jobsRead = 0;
    const textMs = await medianMs(() => (jobsRead = parseOutput(text, 'qstat-f', context).jobs?.length ?? 0), 5, 1);
    if (jobsRead !== cluster.jobCount()) throw new Error(`qstat -f text: read ${jobsRead} jobs of ${cluster.jobCount()}`);
    const jsonMs = await medianMs(() => (jobsRead = parseOutput(json, 'qstat-f-json', context).jobs?.length ?? 0), 5, 1);
    if (jobsRead !== cluster.jobCount()) throw new Error(`qstat -f -F json: read ${jobsRead} jobs of ${cluster.jobCount()}`);

    const dir = mkdtempSync(join(tmpdir(), 'webstat-agent-bench-'));
    let rss: PeakRss;
    try {
      const file = join(dir, 'qstat-f.txt');
      writeFileSync(file, text);
      rss = await peakRssInChild(file);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    const size = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
    return [
      {
        metric: 'agent.parse.qstat_f_text_mb_per_s',
        value: megabytesPerSecond(textBytes, textMs),
        unit: 'MB/s',
        target: '>= 100',
        note: `qstat -f -t text, ${JOBS.toLocaleString('en')} jobs, ${size(textBytes)}, ${(textMs / 1000).toFixed(2)} s`,
      },
      {
        metric: 'agent.parse.qstat_f_json_mb_per_s',
        value: megabytesPerSecond(jsonBytes, jsonMs),
        unit: 'MB/s',
        target: '>= 80',
        note: `qstat -f -t -F json, same jobs, ${size(jsonBytes)}, ${(jsonMs / 1000).toFixed(2)} s`,
      },
      {
        metric: 'agent.parse.peak_rss_mb',
        value: Math.round(rss.peakMb),
        unit: 'MB',
        note: `child process parsing the ${size(textBytes)} text (${Math.round(rss.beforeMb)} MB with the text read, before parsing)`,
      },
    ];
  },
};

if (process.argv[1] === SELF && process.argv[2] === '--peak-rss') {
  process.stdout.write(`${JSON.stringify(measurePeakRss(process.argv[3]!))}\n`);
}
