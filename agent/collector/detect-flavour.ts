/**
 * Which PBS the login node talks to, when the configuration says `flavour: auto`: first
 * `qstat --version` (PBS Pro/OpenPBS print `pbs_version = 2022.1.4`, Torque `Version: 6.1.3`),
 * then `pbs_version` in `qstat -B -f` for versions whose `--version` says nothing useful.
 * Run once per agent; the answer is kept.
 */
import { flavourFromVersion } from '../pbs/flavour.ts';
import type { CollectionFailure } from './collection-failure.ts';
import { commandFailure } from './collection-failure.ts';
import type { CollectorFlavour, Flavour } from './flavour.ts';
import type { CommandRunner, RunOptions } from './run-command.ts';

export interface DetectedScheduler {
  flavour: CollectorFlavour;
  version: string | null;
  server: string | null;
}

export type Detection = { ok: true; detected: DetectedScheduler; outputBytes: number } | { ok: false; failure: CollectionFailure; outputBytes: number };

const PBS_VERSION = /^\s*pbs_version\s*=\s*(\S.*?)\s*$/m;
const TORQUE_VERSION = /^\s*version:\s*(\S+)/im;
const SERVER = /^Server:\s*(\S+)/m;

/** What one output says of the version, or null. */
export function versionIn(text: string): { version: string; flavour: Flavour } | null {
  const pbs = PBS_VERSION.exec(text);
  if (pbs) {
    const flavour = flavourFromVersion(pbs[1]!);
    return flavour ? { version: pbs[1]!, flavour } : null;
  }
  const torque = TORQUE_VERSION.exec(text);
  // Only Torque prints `Version:`; its numbers (2.x–6.x) confirm it.
  if (torque && flavourFromVersion(torque[1]!) === 'torque') return { version: torque[1]!, flavour: 'torque' };
  return null;
}

export async function detectFlavour(run: CommandRunner, qstat: string, options: RunOptions): Promise<Detection> {
  let outputBytes = 0;
  const version = await run({ argv: [qstat, '--version'] }, options);
  outputBytes += version.outputBytes;
  if (version.notFound || version.timedOut) return { ok: false, failure: commandFailure(version, options.timeoutMs)!, outputBytes };
  const fromVersion = versionIn(`${version.stdout}\n${version.stderr}`);
  if (fromVersion) return { ok: true, detected: { ...fromVersion, server: null }, outputBytes };

  const server = await run({ argv: [qstat, '-B', '-f'] }, options);
  outputBytes += server.outputBytes;
  const failure = commandFailure(server, options.timeoutMs);
  if (failure) return { ok: false, failure, outputBytes };
  const fromServer = versionIn(server.stdout);
  if (fromServer) return { ok: true, detected: { ...fromServer, server: SERVER.exec(server.stdout)?.[1] ?? null }, outputBytes };
  return {
    ok: false,
    failure: {
      code: 'flavour-unknown',
      message: `neither '${qstat} --version' nor '${qstat} -B -f' names a PBS version; set 'flavour' in the configuration`,
    },
    outputBytes,
  };
}
