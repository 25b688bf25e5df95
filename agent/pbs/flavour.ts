/**
 * Which PBS a text comes from: Torque, PBS Professional or OpenPBS.
 *
 * From a version (`pbs_version` of `qstat -B -f`, `qstat --version`): Torque is 2.x–7.x; the PBS
 * Professional open-source line was 14.x–19.x and became OpenPBS at 20.0 (20.x, 22.x, 23.x);
 * Altair's commercial PBS Professional numbers by year (2020.1, 2022.1.1) and older releases print
 * `PBSPro_13.1.0`. Pro and OpenPBS print the same formats, so a wrong guess between those two
 * changes only the label.
 * From the output itself, by attributes only one family prints (FORMATS.md §1–4).
 */
import type { Flavour } from './job-attributes.ts';

export function flavourFromVersion(version: string): Flavour | null {
  const text = version.trim();
  if (/pbs\s*pro/i.test(text)) return 'pbspro';
  if (/openpbs/i.test(text)) return 'openpbs';
  if (/torque/i.test(text)) return 'torque';
  const match = /(\d+)\.\d+/.exec(text);
  if (!match) return null;
  const major = Number(match[1]);
  if (major >= 2000) return 'pbspro';
  if (major <= 7) return 'torque';
  if (major <= 19) return 'pbspro';
  return 'openpbs';
}

const PBSPRO_MARKERS = [
  '    exec_vnode = ',
  '    Resource_List.select = ',
  '    substate = ',
  '    Submit_arguments = ',
  '     pcpus = ',
  '     Mom = ',
  'ntype = PBS',
  '"exec_vnode"',
  '"substate"',
  '"pcpus"',
  '"Mom"',
  '"Resource_List":',
];

const TORQUE_MARKERS = [
  '    job_radix = ',
  '    fault_tolerant = ',
  '    submit_args = ',
  '     np = ',
  'ntype = cluster',
  'Walltime.Remaining',
  '<Walltime>',
  '<np>',
  '<ntype>cluster</ntype>',
  '<fault_tolerant>',
];

/** Flavour told by the first part of an output (which holds whole records), or null. */
export function flavourFromOutput(text: string): Flavour | null {
  const sample = text.length > 65536 ? text.slice(0, 65536) : text;
  const version = /pbs_version"?\s*[=:]\s*"?([^\s",]+)/.exec(sample);
  if (version) {
    const fromVersion = flavourFromVersion(version[1]!);
    if (fromVersion) return fromVersion;
  }
  const pro = PBSPRO_MARKERS.some((marker) => sample.includes(marker));
  const torque = TORQUE_MARKERS.some((marker) => sample.includes(marker));
  if (pro && !torque) return 'pbspro';
  if (torque && !pro) return 'torque';
  return null;
}
