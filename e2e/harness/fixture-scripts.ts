/**
 * What the fake schedulers print in the end-to-end tests: real outputs from
 * ../shared/fixtures/scheduler-outputs/ (INDEX.md says where each comes from), read in place, and
 * the few edits the tests' scripted evolution makes to them (a job that finishes leaves the
 * listing). The numbers the tests expect are read off these files by hand, in the tests.
 */
import { readFileSync } from 'node:fs';
import { FIXTURES, type FakeScript } from '../../agent/testing/fake-scheduler-session.ts';

export const PBSPRO_JOBS = `${FIXTURES}pbspro/qstat_f_aiida_epfl_pbspro.txt`;
export const PBSPRO_NODES = `${FIXTURES}pbspro/pbsnodes_av_alcf_edge.txt`;
export const PBSPRO_QUEUES = `${FIXTURES}pbspro/qstat_Qf_json_it4i_barbora_20.txt`;

/**
 * A PBS Professional 12 cluster (EPFL's, as aiida-core kept it): `qstat -f` text, because that
 * version has no `-F json` (unlisted command lines make the fake answer "invalid option", exit 2,
 * as that qstat does, and the agent falls back to text); `pbsnodes -a` text; the queues as JSON.
 */
export function pbsproScript(jobsFile = PBSPRO_JOBS): FakeScript {
  return {
    'qstat -f -t': { stdoutFile: jobsFile },
    'pbsnodes -a': { stdoutFile: PBSPRO_NODES },
    'qstat -Q -f -F json': { stdoutFile: PBSPRO_QUEUES },
  };
}

/**
 * A PBS Professional that answers every query in JSON (OpenPBS 19's `qstat -f -F json`, Polaris's
 * `pbsnodes -a -F json`, Barbora's queues): three commands per collection and never a fallback, so
 * every collection asks the same.
 */
export function pbsproJsonScript(): FakeScript {
  return {
    'qstat -f -t -F json': { stdoutFile: `${FIXTURES}pbspro/qstat_xf_json_buildtest_held_19.txt` },
    'pbsnodes -a -F json': { stdoutFile: `${FIXTURES}pbspro/pbsnodes_a_json_alcf_polaris_2022_excerpt.txt` },
    'qstat -Q -f -F json': { stdoutFile: PBSPRO_QUEUES },
  };
}

/** The same listing after job `jobId` finished: its record is gone, the rest as printed. */
export function withoutJob(file: string, jobId: string): string {
  const records = readFileSync(file, 'utf8').split(/^(?=Job Id: )/m);
  const kept = records.filter((record) => !record.startsWith(`Job Id: ${jobId}\n`));
  if (kept.length !== records.length - 1) throw new Error(`${file} has no job ${jobId}`);
  return kept.join('');
}

/** A Torque cluster (SURFsara Lisa's `qstat -x`, U Idaho's `pbsnodes -x`, INFN's `qstat -Q -f`). */
export function torqueScript(): FakeScript {
  return {
    'qstat -x -t': { stdoutFile: `${FIXTURES}torque/qstat_x_xenon_lisa_surfsara_prettyprinted.txt` },
    'pbsnodes -x': { stdoutFile: `${FIXTURES}torque/pbsnodes_x_uidaho_fortytwo.txt` },
    'qstat -Q -f': { stdoutFile: `${FIXTURES}torque/qstat_Q_f_infn_cert34_template.txt` },
  };
}
