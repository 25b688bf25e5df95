/**
 * Which commands a collection runs, per flavour, cheapest and most robust form first
 * (DESIGN.md "Scheduler budget", FORMATS.md):
 *
 * - PBS Professional / OpenPBS: `qstat -f -t -F json`, `pbsnodes -a -F json`, `qstat -Q -f -F json`,
 *   each falling back to its text form when the JSON is refused (PBS before 13 has no `-F`) or
 *   cannot be parsed (the invalid JSON of FORMATS.md §5);
 * - Torque: `qstat -f -t -1` (text, one line per attribute: no wraps to undo), falling back to
 *   `qstat -x -t` (XML) on versions without `-1`; XML is as exact but reads about ten times
 *   slower, and the budget counts reading time. `pbsnodes -x` falling back to `pbsnodes -a`;
 *   `qstat -Q -f`;
 * - Moab/Maui sites, when configured: `showq --xml` for eligible/blocked jobs and pending reasons.
 *   `checkjob` is per job, far too costly to run for every job every interval, so it is not run.
 *
 * - Slurm: agent/slurm/command-plan.ts (`squeue` and `sinfo` text with explicit formats).
 *
 * `-t` lists array subjobs (without it both flavours list only the parent, whose cores never
 * count). The commands run one after another, never side by side, to be gentle with the server.
 */
import type { FormatName } from '../formats.ts';
import { DEFAULT_SLURM_COMMAND_PATHS, slurmCommandPlan } from '../slurm/command-plan.ts';
import type { CollectorFlavour } from './flavour.ts';

export type StepRole = 'jobs' | 'nodes' | 'queues' | 'moab';

export interface Attempt {
  argv: string[];
  /** How `parseOutput` (agent/formats.ts) reads its output. */
  format: FormatName;
  /** Set in the command's environment on top of the agent's own (Slurm: SLURM_TIME_FORMAT). */
  env?: Readonly<Record<string, string>>;
}

export interface PlanStep {
  role: StepRole;
  /** Tried in order: the next one only when the previous was refused or unreadable. */
  attempts: Attempt[];
}

export interface CommandPaths {
  qstat: string;
  pbsnodes: string;
  /** Moab's `showq`; null on sites without Moab or Maui. */
  showq: string | null;
  /** Slurm's `squeue` and `sinfo` (default: on PATH). */
  squeue?: string;
  sinfo?: string;
  /** Slurm: try `squeue --json` / `sinfo --json` first (slower on large clusters; off by default). */
  slurmJson?: boolean;
}

export const DEFAULT_COMMAND_PATHS: CommandPaths = { qstat: 'qstat', pbsnodes: 'pbsnodes', showq: null };

export function commandPlan(flavour: CollectorFlavour, paths: CommandPaths): PlanStep[] {
  if (flavour === 'slurm') {
    const slurm = { squeue: paths.squeue ?? DEFAULT_SLURM_COMMAND_PATHS.squeue, sinfo: paths.sinfo ?? DEFAULT_SLURM_COMMAND_PATHS.sinfo };
    return slurmCommandPlan(slurm, { json: paths.slurmJson ?? false });
  }
  const { qstat, pbsnodes } = paths;
  const steps: PlanStep[] =
    flavour === 'torque'
      ? [
          {
            role: 'jobs',
            attempts: [
              { argv: [qstat, '-f', '-t', '-1'], format: 'qstat-f' },
              { argv: [qstat, '-x', '-t'], format: 'qstat-x' },
            ],
          },
          {
            role: 'nodes',
            attempts: [
              { argv: [pbsnodes, '-x'], format: 'pbsnodes-x' },
              { argv: [pbsnodes, '-a'], format: 'pbsnodes-a' },
            ],
          },
          { role: 'queues', attempts: [{ argv: [qstat, '-Q', '-f'], format: 'qstat-Q-f' }] },
        ]
      : [
          {
            role: 'jobs',
            attempts: [
              { argv: [qstat, '-f', '-t', '-F', 'json'], format: 'qstat-f-json' },
              { argv: [qstat, '-f', '-t'], format: 'qstat-f' },
            ],
          },
          {
            role: 'nodes',
            attempts: [
              { argv: [pbsnodes, '-a', '-F', 'json'], format: 'pbsnodes-json' },
              { argv: [pbsnodes, '-a'], format: 'pbsnodes-a' },
            ],
          },
          {
            role: 'queues',
            attempts: [
              { argv: [qstat, '-Q', '-f', '-F', 'json'], format: 'qstat-Q-f-json' },
              { argv: [qstat, '-Q', '-f'], format: 'qstat-Q-f' },
            ],
          },
        ];
  if (paths.showq) steps.push({ role: 'moab', attempts: [{ argv: [paths.showq, '--xml'], format: 'showq-xml' }] });
  return steps;
}
