/**
 * One collection against fake qstat/pbsnodes executables (real child processes) printing real
 * scheduler outputs, read by the real parsers. Expected numbers are read off the fixture texts.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { parseOutput } from '../formats.ts';
import { renderContext } from '../simulator/render-context.ts';
import { renderQueuesText } from '../simulator/render-queues.ts';
import { SyntheticCluster } from '../simulator/synthetic-cluster.ts';
import { FakeSchedulerSession, FIXTURES } from '../testing/fake-scheduler-session.ts';
import { Collector, type CollectorOptions } from './collector.ts';

const session = new FakeSchedulerSession();
after(() => session.close());

function collector(options: Partial<CollectorOptions> = {}): Collector {
  return new Collector(
    {
      flavour: 'auto',
      commands: { qstat: 'qstat', pbsnodes: 'pbsnodes', showq: null },
      commandTimeoutMs: 20_000,
      timeZone: 'UTC',
      env: session.env,
      ...options,
    },
    parseOutput,
  );
}

/** An old PBS Pro (no -F json for qstat) whose pbsnodes JSON is unreadable (FORMATS.md §5). */
const OLD_PBSPRO = {
  'qstat --version': { stdout: 'pbs_version = 19.1.3\n' },
  'qstat -f -t -F json': { stderr: "qstat: invalid option -- 'F'\nusage: qstat [-f] ...\n", exitCode: 2 },
  'qstat -f -t': { stdoutFile: `${FIXTURES}pbspro/qstat_f_aiida_epfl_pbspro.txt` },
  'pbsnodes -a -F json': { garbage: true },
  'pbsnodes -a': { stdoutFile: `${FIXTURES}pbspro/pbsnodes_av_alcf_edge.txt` },
  'qstat -Q -f -F json': { stdoutFile: `${FIXTURES}pbspro/qstat_Qf_json_it4i_barbora_20.txt` },
};

describe('PBS Professional', () => {
  test('detects the flavour, falls back to text where JSON is refused or unreadable, and reads the cluster', async () => {
    session.script(OLD_PBSPRO);
    const outcome = await collector().collect();
    assert.ok(outcome.ok, !outcome.ok ? outcome.failure.message : '');
    const { cluster } = outcome;
    assert.deepEqual(cluster.scheduler, { kind: 'pbs', flavour: 'pbspro', version: '19.1.3', server: 'mycluster' });
    // qstat_f_aiida_epfl_pbspro.txt: 68350 Q, 68351 Q, 69301 R (4 x 16), 69302 H, 74164 R (2 x 16), 74165 H.
    assert.equal(cluster.jobs.length, 6);
    assert.deepEqual(cluster.summary.jobs, { queued: 2, held: 2, waiting: 0, running: 2, exiting: 0, suspended: 0, transit: 0, completed: 0 });
    const users = Object.fromEntries(cluster.summary.users.map((row) => [row.name, [row.coresRunning, row.coresQueued]]));
    assert.deepEqual(users, { user02: [64, 0], user3: [32, 0], usernum1: [0, 480] });
    // pbsnodes_av_alcf_edge.txt: one free node, 128 cores, 1 GPU.
    assert.deepEqual(cluster.nodes.map((node) => [node.name, node.cores, node.gpus]), [['aps-edge-dev-04', 128, 1]]);
    // qstat_Qf_json_it4i_barbora_20.txt: queue qexp, walltime max 1 h, enabled and started.
    assert.deepEqual(cluster.queues.map((queue) => [queue.name, queue.walltimeMax, queue.enabled]), [['qexp', 3600, true]]);
    assert.equal(outcome.warnings.filter((warning) => /^(jobs|nodes): used /.test(warning)).length, 2);
    assert.ok(outcome.outputBytes > 13_000);
    // One command after another, each once, in the plan's order.
    assert.deepEqual(session.calls().slice(-6), [
      'qstat --version',
      'qstat -f -t -F json',
      'qstat -f -t',
      'pbsnodes -a -F json',
      'pbsnodes -a',
      'qstat -Q -f -F json',
    ]);
  });

  test('a qstat --version that says nothing useful: the version comes from qstat -B -f', async () => {
    session.script({
      ...OLD_PBSPRO,
      'qstat --version': { stderr: "qstat: invalid option -- '-'\n", exitCode: 2 },
      'qstat -B -f': { stdoutFile: `${FIXTURES}pbspro/qstat_B_Bf_Q_pbspro14_sirna1.txt` },
    });
    const outcome = await collector().collect();
    assert.ok(outcome.ok, !outcome.ok ? outcome.failure.message : '');
    // qstat_B_Bf_Q_pbspro14_sirna1.txt: "Server: sirna1", "pbs_version = 14.1.2".
    assert.deepEqual([outcome.cluster.scheduler.flavour, outcome.cluster.scheduler.version], ['pbspro', '14.1.2']);
    assert.deepEqual(session.calls().slice(-7, -5), ['qstat --version', 'qstat -B -f']);
  });

  test('after a fallback, the next collections go straight to the text form, then try JSON again', async () => {
    session.script(OLD_PBSPRO);
    const agent = collector({ flavour: 'pbspro', primaryRetryAfter: 2 });
    await agent.collect();
    const before = session.calls().length;
    for (let i = 0; i < 2; i++) assert.ok((await agent.collect()).ok);
    assert.deepEqual(session.calls().slice(before), [
      ...['qstat -f -t', 'pbsnodes -a', 'qstat -Q -f -F json'],
      ...['qstat -f -t', 'pbsnodes -a', 'qstat -Q -f -F json'],
    ]);
    await agent.collect();
    assert.deepEqual(session.calls().slice(-5), ['qstat -f -t -F json', 'qstat -f -t', 'pbsnodes -a -F json', 'pbsnodes -a', 'qstat -Q -f -F json']);
  });

  test('Moab on top: a job PBS calls queued but Moab holds becomes held, with Moab\'s reason', async () => {
    session.script({
      ...OLD_PBSPRO,
      'showq --xml': {
        stdout:
          '<Data><Object>queue</Object><queue count="1" option="blocked"><job DRMJID="68350.mycluster" JobID="68350" State="BatchHold" ' +
          'BlockReason="BatchHold" Description="job violates MAXPROC limit" User="usernum1" ReqProcs="240" StartTime="0" SubmissionTime="1365519707"/></queue></Data>\n',
      },
    });
    const outcome = await collector({ flavour: 'pbspro', commands: { qstat: 'qstat', pbsnodes: 'pbsnodes', showq: 'showq' } }).collect();
    assert.ok(outcome.ok);
    const held = outcome.cluster.jobs.find((job) => job.id === '68350.mycluster')!;
    assert.equal(held.state, 'held');
    assert.match(held.comment ?? '', /MAXPROC/);
    assert.equal(outcome.cluster.jobs.find((job) => job.id === '68351.mycluster')!.state, 'queued');
    assert.equal(session.calls().at(-1), 'showq --xml');
  });
});

describe('Torque', () => {
  const torque = new SyntheticCluster({ flavour: 'torque', jobs: 50, nodes: 4, users: 3, groups: 2 });
  const queues = session.file('torque-queues.txt', renderQueuesText(renderContext(torque)));

  test('reads qstat -f -t -1 text, pbsnodes -x and qstat -Q -f', async () => {
    session.script({
      'qstat -f -t -1': { stdoutFile: `${FIXTURES}torque/qstat_f_aiida_ichec_torque.txt` },
      'pbsnodes -x': { stdoutFile: `${FIXTURES}torque/pbsnodes_x_uidaho_fortytwo.txt` },
      'qstat -Q -f': { stdoutFile: queues },
    });
    const outcome = await collector({ flavour: 'torque' }).collect();
    assert.ok(outcome.ok, !outcome.ok ? outcome.failure.message : '');
    const { cluster } = outcome;
    // qstat_f_aiida_ichec_torque: 10 jobs; 555716 runs 4 x 0-23, 556491 runs 0-23; two C jobs never count.
    assert.equal(cluster.jobs.length, 10);
    assert.deepEqual([cluster.summary.jobs.running, cluster.summary.jobs.completed, cluster.summary.coresUsed], [2, 2, 120]);
    assert.deepEqual(session.calls().slice(-3), ['qstat -f -t -1', 'pbsnodes -x', 'qstat -Q -f']);
  });

  test('a Torque without -1 falls back to qstat -x XML', async () => {
    session.script({
      'qstat -f -t -1': { stderr: "qstat: invalid option -- '1'\n", exitCode: 2 },
      'qstat -x -t': { stdoutFile: `${FIXTURES}torque/qstat_x_xenon_lisa_surfsara_prettyprinted.txt` },
      'pbsnodes -x': { stdoutFile: `${FIXTURES}torque/pbsnodes_x_uidaho_fortytwo.txt` },
      'qstat -Q -f': { stdoutFile: queues },
    });
    const outcome = await collector({ flavour: 'torque' }).collect();
    assert.ok(outcome.ok, !outcome.ok ? outcome.failure.message : '');
    const { cluster } = outcome;
    // qstat_x_xenon_lisa: 7 jobs, 3 queued; lma410 runs 96 (8 nodes x 12 exec_host entries), ajlicup 1 + 1, rrens 1.
    assert.equal(cluster.jobs.length, 7);
    assert.equal(cluster.summary.jobs.queued, 3);
    const running = Object.fromEntries(cluster.summary.users.filter((row) => row.coresRunning > 0).map((row) => [row.name, row.coresRunning]));
    assert.deepEqual(running, { ajlicup: 2, lma410: 96, rrens: 1 });
    // pbsnodes_x_uidaho_fortytwo: n061 and n062, 8 cores each, every slot taken.
    assert.deepEqual(cluster.nodes.map((node) => [node.name, node.cores, node.coresUsed]), [['n061', 8, 8], ['n062', 8, 8]]);
    assert.equal(cluster.summary.nodes.busy, 2);
    assert.deepEqual(cluster.queues.map((queue) => queue.name).sort(), ['bigmem', 'debug', 'gpu', 'long', 'normal', 'short']);
    assert.deepEqual(session.calls().slice(-4), ['qstat -f -t -1', 'qstat -x -t', 'pbsnodes -x', 'qstat -Q -f']);
  });

  test('Torque detected from qstat --version; a stdout with a non-zero exit is still read', async () => {
    session.script({
      'qstat --version': { stdout: 'Version: 6.1.2\nCommit: 661e092552de43a785c15d39f3634a541d88b3dc\n' },
      'qstat -f -t -1': { exitCode: 2 },
      'qstat -x -t': {
        stdoutFile: `${FIXTURES}torque/qstat_x_osc_machete_oakley.txt`,
        stderr: 'qstat: Unknown Job Id Error 3685292.mgt\n',
        exitCode: 153,
      },
      'pbsnodes -x': { stdoutFile: `${FIXTURES}torque/pbsnodes_x_uidaho_fortytwo_offline_unknown_sessions.txt` },
      'qstat -Q -f': { stdoutFile: queues },
    });
    const outcome = await collector().collect();
    assert.ok(outcome.ok, !outcome.ok ? outcome.failure.message : '');
    assert.equal(outcome.cluster.scheduler.flavour, 'torque');
    assert.equal(outcome.cluster.scheduler.version, '6.1.2');
    assert.deepEqual(outcome.cluster.jobs.map((job) => [job.id, job.user, job.state]), [['16376372.opt-batch.osc.edu', 'efranz', 'queued']]);
    assert.deepEqual(outcome.cluster.nodes[0]!.states, ['offline']);
  });
});

describe('failures are data, with a code', () => {
  test('garbage that no parser reads: parse-error naming the command and the line', async () => {
    session.script({ '*': { garbage: true } });
    const outcome = await collector({ flavour: 'pbspro' }).collect();
    assert.ok(!outcome.ok);
    assert.equal(outcome.failure.code, 'parse-error');
    assert.match(outcome.failure.message, /line \d+/);
    assert.match(outcome.failure.message, /qstat -f -t/);
  });

  test('a hanging qstat: timeout, with what it printed on stderr', async () => {
    session.script({ '*': { hang: true, stderr: 'qstat: pbs_connect: Connection timed out MARKER-42\n' } });
    // Long enough for the fake (a Node script) to start and print on a busy machine.
    const outcome = await collector({ flavour: 'torque', commandTimeoutMs: 6000 }).collect();
    assert.ok(!outcome.ok);
    assert.equal(outcome.failure.code, 'timeout');
    assert.match(outcome.failure.message, /MARKER-42/);
  });

  test('a command that is not installed: command-not-found', async () => {
    const outcome = await collector({ flavour: 'pbspro', commands: { qstat: '/nonexistent/qstat', pbsnodes: 'pbsnodes', showq: null } }).collect();
    assert.ok(!outcome.ok);
    assert.equal(outcome.failure.code, 'command-not-found');
  });

  test('a failing command without a fallback: command-failed with its stderr', async () => {
    session.script({
      'qstat -f -t -1': { stdoutFile: `${FIXTURES}torque/qstat_f_torque_jscfi_server2_2011.txt` },
      'pbsnodes -x': { stdoutFile: `${FIXTURES}torque/pbsnodes_x_uidaho_fortytwo.txt` },
      'qstat -Q -f': { stderr: 'qstat: cannot connect to server pbs01 (errno=111) MARKER-7\n', exitCode: 1 },
    });
    const outcome = await collector({ flavour: 'torque' }).collect();
    assert.ok(!outcome.ok);
    assert.equal(outcome.failure.code, 'command-failed');
    assert.match(outcome.failure.message, /MARKER-7/);
  });

  test('a qstat that names no version: flavour-unknown', async () => {
    session.script({ '*': { stdout: 'something else\n' } });
    const outcome = await collector().collect();
    assert.ok(!outcome.ok);
    assert.equal(outcome.failure.code, 'flavour-unknown');
  });
});
