/**
 * The commands a Slurm collection runs (DESIGN.md "Scheduler budget", FORMATS.md §8), one after
 * another, each killed at the command timeout like the PBS ones:
 *
 * 1. jobs: `squeue --all --array --Format=...` (squeue-text.ts); every partition, hidden ones too,
 *    array tasks one per row;
 * 2. nodes: `sinfo --all --Node --Format=...` (sinfo-nodes-text.ts);
 * 3. queues: `sinfo --all --Format=...` (sinfo-partitions-text.ts).
 *
 * Text with explicit formats is the default: `squeue --json` has taken 1 min 45 s on a large
 * cluster where this text took 2 s (issue 8). With `json: true` the jobs and nodes steps try
 * `squeue --json` / `sinfo --json` first and fall back to the text forms when the JSON is refused
 * (Slurm before 21.08 has no `--json`) or unreadable. Partitions are always read from text: the
 * JSON of 21.08–22.05 lists no partitions.
 *
 * Every command runs with `SLURM_TIME_FORMAT=%s`, so times come as epoch seconds whatever the
 * site's own setting, and without a local zone to guess.
 */
import { SINFO_NODE_ARGS } from './sinfo-nodes-text.ts';
import { SINFO_PARTITION_ARGS } from './sinfo-partitions-text.ts';
import { SQUEUE_ARGS } from './squeue-text.ts';

export interface SlurmCommandPaths {
  squeue: string;
  sinfo: string;
}

export const DEFAULT_SLURM_COMMAND_PATHS: SlurmCommandPaths = { squeue: 'squeue', sinfo: 'sinfo' };

/** Environment the Slurm commands run with, on top of the agent's own. */
export const SLURM_COMMAND_ENV: Readonly<Record<string, string>> = { SLURM_TIME_FORMAT: '%s' };

export interface SlurmAttempt {
  argv: string[];
  /** Format name for `parseOutput` (agent/formats.ts). */
  format: 'squeue' | 'squeue-json' | 'sinfo-nodes' | 'sinfo-json' | 'sinfo-partitions';
  env: Readonly<Record<string, string>>;
}

export interface SlurmPlanStep {
  role: 'jobs' | 'nodes' | 'queues';
  /** Tried in order: the next one only when the previous was refused or unreadable. */
  attempts: SlurmAttempt[];
}

export interface SlurmPlanOptions {
  /** Try `--json` first for jobs and nodes. */
  json: boolean;
}

export function slurmCommandPlan(paths: SlurmCommandPaths, options: SlurmPlanOptions): SlurmPlanStep[] {
  const env = SLURM_COMMAND_ENV;
  const jobsText: SlurmAttempt = { argv: [paths.squeue, ...SQUEUE_ARGS], format: 'squeue', env };
  const nodesText: SlurmAttempt = { argv: [paths.sinfo, ...SINFO_NODE_ARGS], format: 'sinfo-nodes', env };
  return [
    { role: 'jobs', attempts: options.json ? [{ argv: [paths.squeue, '--all', '--json'], format: 'squeue-json', env }, jobsText] : [jobsText] },
    { role: 'nodes', attempts: options.json ? [{ argv: [paths.sinfo, '--all', '--Node', '--json'], format: 'sinfo-json', env }, nodesText] : [nodesText] },
    { role: 'queues', attempts: [{ argv: [paths.sinfo, ...SINFO_PARTITION_ARGS], format: 'sinfo-partitions', env }] },
  ];
}
