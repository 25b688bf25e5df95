/**
 * A large Slurm queue rendered the two ways the agent can read it: `squeue --Format` text with the
 * collector's fields and separators, and `squeue --json` as Slurm 22.05 prints it (every job a
 * copy of a real job record from the test machine's Slurm, `squeue-json-22.05-job.json`, with the
 * fields the parser reads varied; `/` escaped as Slurm escapes it).
 */
import { readFileSync } from 'node:fs';
import { SQUEUE_FIELDS } from '../../agent/slurm/squeue-text.ts';

const TEMPLATE = JSON.parse(readFileSync(new URL('./squeue-json-22.05-job.json', import.meta.url), 'utf8')) as {
  meta: unknown;
  job: Record<string, unknown>;
};

export interface SyntheticJob {
  id: number;
  arrayJob: number | null;
  task: number | null;
  user: string;
  account: string;
  partition: string;
  state: 'RUNNING' | 'PENDING';
  reason: string;
  cpus: number;
  nodes: number;
  gpus: number;
  submit: number;
  start: number;
  limitMinutes: number;
}

/** A seeded generator: the same queue every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export function syntheticJobs(count: number, seed = 20261128): SyntheticJob[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const partitions = ['batch', 'short', 'long', 'gpu', 'bigmem', 'debug', 'express', 'preempt'];
  const reasons = ['Resources', 'Priority', 'Dependency', 'JobHeldUser', 'QOSMaxCpuPerUserLimit', 'AssocGrpCPUMinutesLimit'];
  const jobs: SyntheticJob[] = [];
  let id = 1_000_000;
  while (jobs.length < count) {
    const running = next() < 0.7;
    const base = {
      user: `user${String(Math.floor(next() * 2000)).padStart(4, '0')}`,
      account: `proj${Math.floor(next() * 150)}`,
      partition: pick(partitions),
      state: running ? ('RUNNING' as const) : ('PENDING' as const),
      reason: running ? 'None' : pick(reasons),
      cpus: pick([1, 1, 1, 2, 4, 8, 16, 32, 64, 128]),
      nodes: 1,
      gpus: next() < 0.1 ? pick([1, 2, 4]) : 0,
      submit: 1_795_000_000 + Math.floor(next() * 500_000),
      start: running ? 1_795_600_000 + Math.floor(next() * 200_000) : 0,
      limitMinutes: pick([30, 60, 240, 1440, 2880]),
    };
    if (next() < 0.05) {
      // An array of 20 tasks.
      const arrayJob = ++id;
      for (let task = 1; task <= 20 && jobs.length < count; task++) jobs.push({ ...base, id: ++id, arrayJob, task });
    } else {
      jobs.push({ ...base, id: ++id, arrayJob: null, task: null });
    }
  }
  return jobs;
}

const duration = (minutes: number) => {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const clock = `${String(hours).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00`;
  return days > 0 ? `${days}-${clock}` : clock;
};

/** `squeue --all --array --Format=...` with SLURM_TIME_FORMAT=%s, header included. */
export function renderSqueueText(jobs: readonly SyntheticJob[]): string {
  const header = ['JOBID', 'NAME', 'USER', 'GROUP', 'ACCOUNT', 'PARTITION', 'STATE', 'REASON', 'CPUS', 'NODES', 'TASKS', 'TRES_ALLOC', 'TRES_PER_JOB', 'TRES_PER_NODE', 'TRES_PER_TASK', 'MIN_MEMORY', 'TIME_LIMIT', 'SUBMIT_TIME', 'START_TIME'];
  if (header.length !== SQUEUE_FIELDS.length) throw new Error('the synthetic squeue text no longer matches SQUEUE_FIELDS');
  const rows = [header.join('\x1f')];
  for (const job of jobs) {
    const gres = job.gpus > 0 ? `,gres/gpu=${job.gpus}` : '';
    rows.push(
      [
        job.arrayJob === null ? String(job.id) : `${job.arrayJob}_${job.task}`,
        `run-${job.id % 977}.sh`,
        job.user,
        'users',
        job.account,
        job.partition,
        job.state,
        job.reason,
        String(job.cpus),
        String(job.nodes),
        '1',
        `cpu=${job.cpus},mem=${job.cpus * 4}G,node=${job.nodes},billing=${job.cpus}${gres}`,
        'N/A',
        job.gpus > 0 ? `gres:gpu:${job.gpus}` : 'N/A',
        'N/A',
        '4G',
        duration(job.limitMinutes),
        String(job.submit),
        job.start === 0 ? 'N/A' : String(job.start),
      ].join('\x1f'),
    );
  }
  return `${rows.join('\x1e\n')}\x1e\n`;
}

/** `squeue --json` of Slurm 22.05 for the same jobs. */
export function renderSqueueJson(jobs: readonly SyntheticJob[]): string {
  const records = jobs.map((job) => {
    const gres = job.gpus > 0 ? `,gres/gpu=${job.gpus}` : '';
    const tres = `cpu=${job.cpus},mem=${job.cpus * 4}G,node=${job.nodes},billing=${job.cpus}${gres}`;
    return {
      ...TEMPLATE.job,
      account: job.account,
      array_job_id: job.arrayJob ?? 0,
      array_task_id: job.task,
      job_id: job.id,
      name: `run-${job.id % 977}.sh`,
      user_name: job.user,
      group_name: 'users',
      partition: job.partition,
      job_state: job.state,
      state_reason: job.reason,
      cpus: job.cpus,
      node_count: job.nodes,
      tres_req_str: tres,
      tres_alloc_str: job.state === 'RUNNING' ? tres : '',
      tres_per_node: job.gpus > 0 ? `gres:gpu:${job.gpus}` : '',
      time_limit: job.limitMinutes,
      submit_time: job.submit,
      start_time: job.start,
    };
  });
  return `${JSON.stringify({ meta: TEMPLATE.meta, errors: [], jobs: records }, null, 2).replaceAll('/', '\\/')}\n`;
}
