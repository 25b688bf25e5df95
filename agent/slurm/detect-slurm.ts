/**
 * Whether the login node talks to Slurm, for `flavour: auto`: `sinfo --version` prints
 * `slurm 22.05.8` (Debian: `slurm-wlm 22.05.8`). Asked before the PBS questions, so a Slurm site
 * whose `qstat` is Slurm's Torque-compatibility wrapper is read as the Slurm it is. A missing
 * `sinfo` (a PBS site) or an answer that names no Slurm version says "not Slurm", and detection
 * goes on with PBS; only a hanging `sinfo` is a failure, since trying further would hang too.
 */
import type { CollectionFailure } from '../collector/collection-failure.ts';
import { commandFailure } from '../collector/collection-failure.ts';
import type { CommandRunner, RunOptions } from '../collector/run-command.ts';
import { slurmVersionIn } from './slurm-version.ts';

export type SlurmDetection =
  | { found: true; version: string; outputBytes: number }
  | { found: false; outputBytes: number }
  | { found: false; failure: CollectionFailure; outputBytes: number };

export async function detectSlurm(run: CommandRunner, sinfo: string, options: RunOptions): Promise<SlurmDetection> {
  const result = await run({ argv: [sinfo, '--version'] }, options);
  if (result.timedOut) return { found: false, failure: commandFailure(result, options.timeoutMs)!, outputBytes: result.outputBytes };
  const version = result.notFound ? null : slurmVersionIn(`${result.stdout}\n${result.stderr}`);
  return version === null ? { found: false, outputBytes: result.outputBytes } : { found: true, version, outputBytes: result.outputBytes };
}
