/**
 * Slurm parse figures on a 100,000-job queue (bench/slurm/synthetic-squeue.ts): the `squeue
 * --Format` text the collector reads by default, and `squeue --json` of Slurm 22.05, through the
 * real parsers (agent/formats.ts `parseOutput`), median of five runs after one warm-up. Throughput
 * is input megabytes (10^6 bytes) per second; "bytes per job" is what each form makes squeue print
 * and the agent read, the first reason the text form is the default (issue 8: `squeue --json` took
 * 1 min 45 s where the text took 2 s on a large cluster).
 */
import { parseOutput } from '../agent/formats.ts';
import type { ParseContext } from '../agent/parse-result.ts';
import { medianMs, type Benchmark, type Metric } from './metric.ts';
import { renderSqueueJson, renderSqueueText, syntheticJobs } from './slurm/synthetic-squeue.ts';

const JOBS = 100_000;

export const benchmark: Benchmark = {
  prefix: 'agent.slurm',
  async run(): Promise<Metric[]> {
    const jobs = syntheticJobs(JOBS);
    const text = renderSqueueText(jobs);
    const json = renderSqueueJson(jobs);
    const textBytes = Buffer.byteLength(text);
    const jsonBytes = Buffer.byteLength(json);
    const context: ParseContext = { now: 1_795_800_000, timeZone: 'UTC' };

    let read = 0;
    const textMs = await medianMs(() => (read = parseOutput(text, 'squeue', context).jobs?.length ?? 0), 5, 1);
    if (read !== JOBS) throw new Error(`squeue text: read ${read} jobs of ${JOBS}`);
    const jsonMs = await medianMs(() => (read = parseOutput(json, 'squeue-json', context).jobs?.length ?? 0), 5, 1);
    if (read !== JOBS) throw new Error(`squeue --json: read ${read} jobs of ${JOBS}`);

    const note = `${JOBS.toLocaleString('en')} jobs`;
    return [
      { metric: 'agent.slurm.squeue_text_mb_per_s', value: textBytes / 1e6 / (textMs / 1000), unit: 'MB/s', note: `${note}, ${(textBytes / 1e6).toFixed(1)} MB` },
      { metric: 'agent.slurm.squeue_text_ms', value: textMs, unit: 'ms', note },
      { metric: 'agent.slurm.squeue_json_mb_per_s', value: jsonBytes / 1e6 / (jsonMs / 1000), unit: 'MB/s', note: `${note}, ${(jsonBytes / 1e6).toFixed(1)} MB` },
      { metric: 'agent.slurm.squeue_json_ms', value: jsonMs, unit: 'ms', note },
      { metric: 'agent.slurm.squeue_text_bytes_per_job', value: textBytes / JOBS, unit: 'B', note: 'what squeue prints and the agent reads' },
      { metric: 'agent.slurm.squeue_json_bytes_per_job', value: jsonBytes / JOBS, unit: 'B', note: 'Slurm 22.05 records' },
    ];
  },
};
