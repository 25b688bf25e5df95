/**
 * The simulator's outputs read back by the real parsers give the cluster the simulator holds:
 * same jobs, same per-user, per-group and per-queue usage, same node totals. This checks the
 * renderers and the parsers against each other on realistic, evolving clusters.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { deriveSummary } from '../../protocol/summary.ts';
import { parseOutput, type FormatName } from '../formats.ts';
import { renderContext } from './render-context.ts';
import { renderingNamed } from './renderings.ts';
import { SyntheticCluster } from './synthetic-cluster.ts';

function evolvedCluster(flavour: 'torque' | 'pbspro' | 'openpbs', seed: number): SyntheticCluster {
  const cluster = new SyntheticCluster({ flavour, seed, jobs: 1500, nodes: 80, users: 25, groups: 6 });
  for (let i = 0; i < 5; i++) cluster.step();
  return cluster;
}

const JOB_OUTPUTS: Record<'torque' | 'pbspro', [string, FormatName][]> = {
  pbspro: [
    ['qstat-f', 'qstat-f'],
    ['qstat-f-json', 'qstat-f-json'],
  ],
  torque: [
    ['qstat-f', 'qstat-f'],
    ['qstat-f-1', 'qstat-f'],
    ['qstat-x', 'qstat-x'],
  ],
};

const NODE_OUTPUTS: Record<'torque' | 'pbspro', [string, FormatName][]> = {
  pbspro: [
    ['pbsnodes-a', 'pbsnodes-a'],
    ['pbsnodes-a-json', 'pbsnodes-json'],
  ],
  torque: [
    ['pbsnodes-a', 'pbsnodes-a'],
    ['pbsnodes-x', 'pbsnodes-x'],
  ],
};

for (const flavour of ['pbspro', 'torque'] as const) {
  describe(`simulated ${flavour} output read by the real parsers`, () => {
    const cluster = evolvedCluster(flavour, flavour === 'torque' ? 7 : 11);
    const truth = cluster.snapshot();
    const context = renderContext(cluster, { timeZone: 'Europe/Berlin', torqueExecHost: flavour === 'torque' ? 'per-core' : 'ranges' });
    const parseContext = { now: cluster.time, timeZone: 'Europe/Berlin', flavour };

    for (const [rendering, format] of JOB_OUTPUTS[flavour]) {
      test(`${rendering}: the same jobs, states, times and usage per user, group and queue`, () => {
        const parsed = parseOutput(renderingNamed(rendering)!.render(context), format, parseContext);
        // Torque's `qstat -t` lists subjobs only; PBS lists the array parent too.
        const expectedJobs = truth.jobs.filter((job) => flavour !== 'torque' || !job.isArrayParent);
        assert.deepEqual(parsed.jobs!.map((job) => job.id).sort(), expectedJobs.map((job) => job.id).sort());
        const byId = new Map(parsed.jobs!.map((job) => [job.id, job]));
        for (const job of expectedJobs) {
          const read = byId.get(job.id)!;
          // A parent's state is its subjobs' (PBS prints B once one runs); it never counts.
          if (!job.isArrayParent) assert.equal(read.state, job.state, job.id);
          assert.equal(read.user, job.user, job.id);
          assert.equal(read.submittedAt, job.submittedAt, `${job.id} submitted`);
          if (job.state === 'running') assert.equal(read.startedAt, job.startedAt, `${job.id} started`);
        }
        const summary = deriveSummary(parsed.jobs!, truth.nodes);
        assert.deepEqual(summary.users, truth.summary.users);
        assert.deepEqual(summary.groups, truth.summary.groups);
        assert.deepEqual(summary.queues, truth.summary.queues);
        assert.equal(summary.coresUsed, truth.summary.coresUsed);
        assert.equal(summary.gpusUsed, truth.summary.gpusUsed);
      });
    }

    for (const [rendering, format] of NODE_OUTPUTS[flavour]) {
      test(`${rendering}: the same nodes, states and core totals`, () => {
        const parsed = parseOutput(renderingNamed(rendering)!.render(context), format, parseContext);
        const summary = deriveSummary(truth.jobs, parsed.nodes!);
        assert.deepEqual(summary.nodes, truth.summary.nodes);
        assert.equal(summary.coresTotal, truth.summary.coresTotal);
        assert.equal(summary.coresUnavailable, truth.summary.coresUnavailable);
        assert.equal(summary.gpusTotal, truth.summary.gpusTotal);
        const used = new Map(parsed.nodes!.map((node) => [node.name, node.coresUsed]));
        for (const node of truth.nodes) assert.equal(used.get(node.name), node.coresUsed, node.name);
      });
    }

    test('qstat-Q-f: every queue with its limits and state', () => {
      const parsed = parseOutput(renderingNamed('qstat-Q-f')!.render(context), 'qstat-Q-f', parseContext);
      assert.deepEqual(
        parsed.queues!.map((queue) => [queue.name, queue.walltimeMax, queue.enabled, queue.started]).sort(([a], [b]) => String(a).localeCompare(String(b))),
        truth.queues.map((queue) => [queue.name, queue.walltimeMax, true, true]).sort(([a], [b]) => String(a).localeCompare(String(b))),
      );
    });
  });
}

describe('formats as the real commands print them', () => {
  const cluster = evolvedCluster('pbspro', 3);
  const context = renderContext(cluster);

  test('PBS Pro text: attributes indented 4 spaces, continuations start with a TAB, lines at most 80 columns', () => {
    const text = renderingNamed('qstat-f')!.render(context);
    let continuations = 0;
    for (const line of text.split('\n')) {
      if (line === '' || line.startsWith('Job Id: ')) continue;
      if (line.startsWith('\t')) continuations++;
      else assert.match(line, /^ {4}[A-Za-z_][\w.]* = /);
      assert.ok(line.replace(/^\t/, '        ').length <= 80, line);
    }
    assert.ok(continuations > 1000, 'long values wrap');
    assert.match(text, /exec_host = \w+\/\d+\*\d+/, 'exec_host host/slot*ncpus');
    assert.match(text, /exec_vnode = \(\w+:ncpus=\d+/);
    assert.match(text, /estimated\.start_time = \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}/);
    assert.match(text, /job_state = B/, 'an array parent with running subjobs');
  });

  test('-F json is valid JSON with nested Resource_List and Variable_List, and bare numbers', () => {
    const document = JSON.parse(renderingNamed('qstat-f-json')!.render(context));
    const jobs = Object.values(document.Jobs) as Record<string, unknown>[];
    assert.equal(jobs.length, cluster.jobCount());
    assert.equal(typeof (jobs[0]!.Resource_List as Record<string, unknown>).ncpus, 'number');
    assert.equal(typeof (jobs[0]!.Variable_List as Record<string, unknown>).PBS_O_HOME, 'string');
    assert.equal(document.pbs_server, cluster.options.server);
  });

  test('Torque XML is one line that an XML parser reads, nested groups included', () => {
    const torque = evolvedCluster('torque', 5);
    const xml = renderingNamed('qstat-x')!.render(renderContext(torque));
    assert.equal(xml.trimEnd().split('\n').length, 1);
    const data = new XMLParser().parse(xml).Data;
    assert.ok(Array.isArray(data.Job) && data.Job.length > 100);
    assert.match(String(data.Job[0].Resource_List.nodes), /^\d+:ppn=\d+/);
  });

  test('the cluster evolves between polls: jobs arrive and finish, ids stay unique', () => {
    const evolving = new SyntheticCluster({ jobs: 2000, nodes: 100, users: 20, groups: 5 });
    const before = new Set(evolving.jobs().map((job) => job.id));
    evolving.step();
    const after = evolving.jobs().map((job) => job.id);
    assert.equal(new Set(after).size, after.length);
    assert.ok(after.some((id) => !before.has(id)), 'arrivals');
    assert.ok([...before].some((id) => !after.includes(id)), 'departures');
  });
});
