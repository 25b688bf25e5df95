/**
 * `npm run bench -- [--json] [PART...]`: runs every benchmark, or those whose metric prefix starts
 * with one of the PARTs (`protocol`, `agent.parse`, `gateway.fanout` ...). Prints a table, or one
 * JSON object per line with `--json`. Each benchmark file registers itself in BENCHMARKS below.
 */
import { parseArgs } from 'node:util';
import os from 'node:os';
import type { Benchmark, Metric } from './metric.ts';

const BENCHMARKS: Array<() => Promise<Benchmark>> = [
  async () => (await import('./protocol.bench.ts')).benchmark,
  async () => (await import('./agent.bench.ts')).benchmark,
  async () => (await import('./slurm.bench.ts')).benchmark,
  async () => (await import('./gateway-fanout.bench.ts')).benchmark,
  async () => (await import('./gateway-history.bench.ts')).benchmark,
  async () => (await import('./worker.bench.ts')).benchmark,
  async () => (await import('./site.bench.ts')).benchmark,
];

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
});
if (values.help) {
  console.log('usage: npm run bench -- [--json] [PART...]\n  PART selects metrics by prefix, e.g. protocol, agent.parse, gateway.fanout');
  process.exit(0);
}

/** A benchmark runs when a PART names it or a metric inside it. */
const selected = (prefix: string) =>
  positionals.length === 0 || positionals.some((part) => prefix.startsWith(part) || part.startsWith(prefix));

const all: Metric[] = [];
let failed = false;
for (const load of BENCHMARKS) {
  const benchmark = await load();
  if (!selected(benchmark.prefix)) continue;
  try {
    const metrics = (await benchmark.run()).filter(
      (m) => positionals.length === 0 || positionals.some((part) => m.metric.startsWith(part)),
    );
    for (const metric of metrics) {
      all.push(metric);
      if (values.json) console.log(JSON.stringify({ metric: metric.metric, value: metric.value, unit: metric.unit }));
    }
  } catch (error) {
    failed = true;
    console.error(`benchmark ${benchmark.prefix} failed:`, error);
  }
}

if (!values.json) {
  const rows = all.map((m) => [m.metric, formatValue(m.value), m.unit, m.target ?? '', m.note ?? '']);
  const header = ['metric', 'value', 'unit', 'target', 'note'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 1 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  console.log(`webstat benchmarks — ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(row));
}
process.exit(failed ? 1 : 0);

function formatValue(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 1 ? value.toFixed(2) : value.toPrecision(3);
}
