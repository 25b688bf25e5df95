/**
 * Which scheduler output a text is (`webstat-agent parse --format auto`), and which PBS flavour
 * a site runs (from `qstat --version`, `qstat -B -f`, or any output: flavour.ts).
 * Detection looks only at what each format always prints at its start or on every record, so it
 * costs a few searches even on a large text.
 */
import type { FormatName } from './formats.ts';
import type { Flavour } from './pbs/job-attributes.ts';
import { flavourFromOutput, flavourFromVersion } from './pbs/flavour.ts';
import { detectSlurmFormat } from './slurm/slurm-formats.ts';

const SAMPLE = 65536;

function firstJsonLine(sample: string): number {
  const match = /^[ \t]*\{/m.exec(sample);
  return match ? match.index : -1;
}

export function detectFormat(text: string): FormatName | null {
  const sample = text.length > SAMPLE ? text.slice(0, SAMPLE) : text;
  const slurm = detectSlurmFormat(sample);
  if (slurm) return slurm;
  if (/<Data>/.test(sample)) {
    if (/<Job>/.test(sample)) return 'qstat-x';
    if (/<Node>/.test(sample)) return 'pbsnodes-x';
    if (/<queue[\s>]|<Object>queue<\/Object>|<job\s/.test(sample)) return 'showq-xml';
  }
  if (/^Job Id: /m.test(sample)) return 'qstat-f';
  const json = firstJsonLine(sample);
  if (json >= 0 && /"(pbs_version|pbs_server|timestamp|Jobs|nodes|Queue|Server)"\s*:/.test(sample.slice(json))) {
    const body = sample.slice(json);
    if (/"Jobs"\s*:/.test(body)) return 'qstat-f-json';
    if (/"nodes"\s*:/.test(body)) return 'pbsnodes-json';
    if (/"Queue"\s*:/.test(body)) return 'qstat-Q-f-json';
    if (/"Server"\s*:/.test(body)) return 'qstat-B-f-json';
    return 'qstat-f-json';
  }
  if (/^Queue: /m.test(sample)) return 'qstat-Q-f';
  if (/^Server: /m.test(sample)) return 'qstat-B-f';
  if (/^\s*(active|ACTIVE) jobs-+/im.test(sample)) return 'showq';
  if (/^(\s*(checking )?job \S+|.*\bcheckjob\s+\S+)/m.test(sample) && /^\s*State:/m.test(sample)) return 'checkjob';
  if (/^\S+[ \t]*\r?\n[ \t]+(state|Mom|ntype|np|pcpus) = /m.test(sample)) return 'pbsnodes-a';
  return null;
}

export interface DetectedFlavour {
  flavour: Flavour;
  version: string | null;
}

/**
 * The flavour from `qstat --version` (Torque: `Version: 6.1.3`; PBS: `pbs_version = 19.1.3`),
 * from `pbs_version` in `qstat -B -f`, or from the attributes an output prints.
 */
export function detectFlavour(text: string): DetectedFlavour | null {
  const version = /(?:^|\n)\s*(?:pbs_version\s*[=:]|version:)\s*"?([^\s",]+)/i.exec(text);
  if (version) {
    const flavour = flavourFromVersion(version[1]!);
    if (flavour) return { flavour, version: version[1]! };
  }
  const flavour = flavourFromOutput(text);
  return flavour ? { flavour, version: null } : null;
}
