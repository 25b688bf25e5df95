import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { detectFlavour, detectFormat } from './detect-format.ts';
import { FORMAT_NAMES, FORMATS, isFormatName, parseOutput, type FormatName } from './formats.ts';
import { ParseError } from './parse-result.ts';
import { arcSection, fixture } from './pbs/fixture-files.ts';

const CONTEXT = { now: 1_750_000_000, timeZone: 'UTC' };

/** Every real output a parser reads, with the format it is. */
const SAMPLES: Array<[string, FormatName, string]> = [
  ['torque/qstat_f_aiida_ichec_torque.txt', 'qstat-f', fixture('torque/qstat_f_aiida_ichec_torque.txt')],
  ['torque/qstat_f_torque_jscfi_server2_2011.txt', 'qstat-f', fixture('torque/qstat_f_torque_jscfi_server2_2011.txt')],
  ['pbspro/qstat_f_aiida_epfl_pbspro.txt', 'qstat-f', fixture('pbspro/qstat_f_aiida_epfl_pbspro.txt')],
  ['pbspro/qstat_f_aiida_running_jobfs.txt', 'qstat-f', fixture('pbspro/qstat_f_aiida_running_jobfs.txt')],
  ['pbspro/qstat_fx_… (qstat part)', 'qstat-f', fixture('pbspro/qstat_fx_and_pbsnodes_a_openpbs_yuansuan_dev8.txt').split(/^=== pbsnodes.*$/m)[0]!],
  ['pbspro/qstat_fx_… (pbsnodes part)', 'pbsnodes-a', fixture('pbspro/qstat_fx_and_pbsnodes_a_openpbs_yuansuan_dev8.txt').split(/^=== pbsnodes.*$/m)[1]!],
  ['pbspro/qstat_xf_json_buildtest_held_19.txt', 'qstat-f-json', fixture('pbspro/qstat_xf_json_buildtest_held_19.txt')],
  ['pbspro/json_bug_mixed_text_and_json_pr2675_openpbs23.txt', 'qstat-f-json', fixture('pbspro/json_bug_mixed_text_and_json_pr2675_openpbs23.txt')],
  ['torque/qstat_x_batcheuphoria_queued.txt', 'qstat-x', fixture('torque/qstat_x_batcheuphoria_queued.txt')],
  ['torque/qstat_x_batcheuphoria_completed.txt', 'qstat-x', fixture('torque/qstat_x_batcheuphoria_completed.txt')],
  ['torque/qstat_x_osc_machete_oakley.txt', 'qstat-x', fixture('torque/qstat_x_osc_machete_oakley.txt')],
  ['torque/qstat_x_xenon_lisa_surfsara_prettyprinted.txt', 'qstat-x', fixture('torque/qstat_x_xenon_lisa_surfsara_prettyprinted.txt')],
  ['torque/pbsnodes_a_cluster_fing_2010.txt', 'pbsnodes-a', fixture('torque/pbsnodes_a_cluster_fing_2010.txt')],
  ['torque/pbsnodes_a_torque6_exabyte_hardwrapped.txt', 'pbsnodes-a', fixture('torque/pbsnodes_a_torque6_exabyte_hardwrapped.txt')],
  ['torque/arc… pbsnodes -a', 'pbsnodes-a', arcSection(fixture('torque/arc_infoprovider_torque237_simulated_outputs.txt'), 'pbsnodes -a')],
  ['pbspro/pbsnodes_av_alcf_edge.txt', 'pbsnodes-a', fixture('pbspro/pbsnodes_av_alcf_edge.txt')],
  ['pbspro/pbsnodes_a_json_alcf_polaris_2022_excerpt.txt', 'pbsnodes-json', fixture('pbspro/pbsnodes_a_json_alcf_polaris_2022_excerpt.txt')],
  ['torque/pbsnodes_x_uidaho_fortytwo.txt', 'pbsnodes-x', fixture('torque/pbsnodes_x_uidaho_fortytwo.txt')],
  ['torque/pbsnodes_x_uidaho_fortytwo_offline_unknown_sessions.txt', 'pbsnodes-x', fixture('torque/pbsnodes_x_uidaho_fortytwo_offline_unknown_sessions.txt')],
  ['torque/qstat_Q_f_infn_cert34_template.txt', 'qstat-Q-f', fixture('torque/qstat_Q_f_infn_cert34_template.txt')],
  ['torque/arc… qstat -f -Q', 'qstat-Q-f', arcSection(fixture('torque/arc_infoprovider_torque237_simulated_outputs.txt'), 'qstat -f -Q queue1')],
  ['pbspro/qstat_Qf_json_it4i_barbora_20.txt', 'qstat-Q-f-json', fixture('pbspro/qstat_Qf_json_it4i_barbora_20.txt')],
  ['torque/qstat_B_f_infn_cert34_template.txt', 'qstat-B-f', fixture('torque/qstat_B_f_infn_cert34_template.txt')],
  ['pbspro/qstat_B_Bf_Q_pbspro14_sirna1.txt', 'qstat-B-f', fixture('pbspro/qstat_B_Bf_Q_pbspro14_sirna1.txt')],
  ['moab/showq_maui_cluster_fing_2010.txt', 'showq', fixture('moab/showq_maui_cluster_fing_2010.txt')],
  ['moab/showq_maui_sjtu_gravity.txt', 'showq', fixture('moab/showq_maui_sjtu_gravity.txt')],
  ['moab/showq_moab_blackjack.txt', 'showq', fixture('moab/showq_moab_blackjack.txt')],
  ['moab/showq_w_moab_umich_flux.txt', 'showq', fixture('moab/showq_w_moab_umich_flux.txt')],
  ['moab/checkjob_idle_insufficient_procs_vsc.txt', 'checkjob', fixture('moab/checkjob_idle_insufficient_procs_vsc.txt')],
  ['moab/checkjob_maui_running_sugon_inode.txt', 'checkjob', fixture('moab/checkjob_maui_running_sugon_inode.txt')],
  ['moab/checkjob_moab_completed_kronos_2010.txt', 'checkjob', fixture('moab/checkjob_moab_completed_kronos_2010.txt')],
  ['moab/checkjob_moab_tardis_idle.txt', 'checkjob', fixture('moab/checkjob_moab_tardis_idle.txt')],
  ['moab/checkjob_moab_tardis_running_nemo.txt', 'checkjob', fixture('moab/checkjob_moab_tardis_running_nemo.txt')],
  ['moab/checkjob_v_maui_cluster_fing_2010.txt', 'checkjob', fixture('moab/checkjob_v_maui_cluster_fing_2010.txt')],
];

test('--format auto recognises every real output', () => {
  for (const [name, format, text] of SAMPLES) {
    assert.equal(detectFormat(text), format, name);
    assert.equal(parseOutput(text, 'auto', CONTEXT).format, format, name);
  }
});

test('tables that no parser reads are not mistaken for one', () => {
  for (const path of ['torque/qstat_a_easybuild_truncated_names.txt', 'pbspro/qstat_default_ncar_casper_excerpt.txt', 'pbspro/pbsnodes_avSj_and_l_alcf_edtb.txt', 'moab/mdiag_p_moab_docs_example.txt']) {
    assert.equal(detectFormat(fixture(path)), null, path);
    assert.throws(() => parseOutput(fixture(path), 'auto', CONTEXT), (error) => error instanceof ParseError && error.command === 'auto');
  }
});

test('the registry names every format once, with a command and a parser', () => {
  assert.equal(new Set(FORMAT_NAMES).size, FORMAT_NAMES.length);
  for (const name of FORMAT_NAMES) {
    assert.equal(FORMATS[name].name, name);
    assert.equal(isFormatName(name), true);
  }
  assert.equal(isFormatName('sacct'), false);
});

test('flavour from qstat --version, qstat -B -f, or the output itself', () => {
  assert.deepEqual(detectFlavour('Version: 6.1.3\nCommit: 2eb2c0dd2f\n'), { flavour: 'torque', version: '6.1.3' });
  assert.deepEqual(detectFlavour('pbs_version = 19.1.3\n'), { flavour: 'pbspro', version: '19.1.3' });
  assert.deepEqual(detectFlavour('pbs_version = 23.06.06\n'), { flavour: 'openpbs', version: '23.06.06' });
  assert.deepEqual(detectFlavour(fixture('pbspro/qstat_B_Bf_Q_pbspro14_sirna1.txt')), { flavour: 'pbspro', version: '14.1.2' });
  assert.equal(detectFlavour(fixture('torque/qstat_f_aiida_ichec_torque.txt'))?.flavour, 'torque');
  assert.equal(detectFlavour(fixture('pbspro/qstat_f_aiida_epfl_pbspro.txt'))?.flavour, 'pbspro');
  assert.equal(detectFlavour(fixture('torque/pbsnodes_x_uidaho_fortytwo.txt'))?.flavour, 'torque');
  assert.equal(detectFlavour('hello'), null);
});

/** A parser may answer or throw a ParseError; any other exception is a bug. */
function parsesOrRejects(format: FormatName, text: string): void {
  try {
    FORMATS[format].parse(text, CONTEXT);
  } catch (error) {
    if (!(error instanceof ParseError)) throw new Error(`${format} threw ${String(error)} on ${JSON.stringify(text.slice(0, 200))}`);
  }
}

test('random garbage never throws anything but a ParseError', () => {
  fc.assert(
    fc.property(fc.constantFrom(...FORMAT_NAMES), fc.string({ unit: 'binary', maxLength: 400 }), (format, text) => parsesOrRejects(format, text)),
    { numRuns: 1500 },
  );
});

test('truncated and corrupted real outputs never throw anything but a ParseError', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...SAMPLES),
      fc.nat(),
      fc.nat(),
      fc.string({ maxLength: 12 }),
      ([, format, text], cut, at, insert) => {
        parsesOrRejects(format, text.slice(0, cut % (text.length + 1)));
        const where = at % (text.length + 1);
        parsesOrRejects(format, text.slice(0, where) + insert + text.slice(where));
      },
    ),
    { numRuns: 1500 },
  );
});

test('every format given the wrong output answers or says why, never crashes', () => {
  for (const format of FORMAT_NAMES) for (const [, , text] of SAMPLES) parsesOrRejects(format, text);
});
