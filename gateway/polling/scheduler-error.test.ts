/**
 * A scheduler that starts failing, through the real agent (`webstat-agent serve`) running the fake
 * `qstat`/`pbsnodes` executables of agent/testing/fake-scheduler/ (found on PATH, not imported),
 * which print real PBS outputs or garbage as the test's script says.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { Request } from 'zeromq';
import { decodeMessage, encodeMessage } from '../../protocol/frame.ts';
import type { StatusMessage } from '../../protocol/messages.ts';
import { HistoryStore } from '../history/history-store.ts';
import { AgentProcess } from '../testing/agent-process.ts';
import { RecordingFeed } from '../testing/recording-feed.ts';
import { ClusterPoller } from './cluster-poller.ts';

const FAKE_BIN = fileURLToPath(new URL('../../agent/testing/fake-scheduler/', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/scheduler-outputs/pbspro/', import.meta.url));
const GOOD = {
  'qstat --version': { stdout: 'pbs_version = 2022.1.4\n' },
  'qstat -f -t -F json': { stdoutFile: `${FIXTURES}qstat_xf_json_buildtest_held_19.txt` },
  'pbsnodes -a -F json': { stdoutFile: `${FIXTURES}pbsnodes_a_json_alcf_polaris_2022_excerpt.txt` },
  'qstat -Q -f -F json': { stdoutFile: `${FIXTURES}qstat_Qf_json_it4i_barbora_20.txt` },
};

let dir: string;
let scriptFile: string;
let agent: AgentProcess;
let store: HistoryStore;
let poller: ClusterPoller;
const feed = new RecordingFeed();

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'webstat-scheduler-error-'));
  scriptFile = join(dir, 'script.json');
  writeFileSync(scriptFile, JSON.stringify(GOOD));
  const config = join(dir, 'agent.yaml');
  writeFileSync(config, 'cluster: login-side\nbind: tcp://127.0.0.1:0\ninterval: 1\ncommandTimeout: 10\nlogLevel: warn\n');
  agent = await AgentProcess.serve(config, {
    ...process.env,
    PATH: `${FAKE_BIN}:${process.env.PATH ?? ''}`,
    FAKE_PBS_SCRIPT: scriptFile,
    // Fake commands need no protection: let the agent collect every second.
    WEBSTAT_AGENT_TEST_INTERVAL_FLOOR: '1',
  });
  store = HistoryStore.open(join(dir, 'history.sqlite'), { retention: { rawHours: 48, fiveMinuteDays: 30, hourlyDays: 730 } });
  poller = new ClusterPoller({
    cluster: { name: 'hpc1', label: 'HPC 1', pollInterval: 0.25, agent: { kind: 'direct', url: agent.url } },
    feed,
    store,
    requestTimeoutMs: 5000,
  });
  await poller.start();
});
after(async () => {
  await poller?.stop();
  store?.close();
  await agent?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The agent's own status, asked over ZeroMQ as a second gateway would. */
async function askAgent(url: string): Promise<StatusMessage> {
  const socket = new Request({ receiveTimeout: 10_000, linger: 0 });
  socket.connect(url);
  try {
    await socket.send(encodeMessage({ type: 'agent-request', want: 'status', sinceSeq: null }));
    const [reply] = await socket.receive();
    const message = decodeMessage(reply!);
    assert.equal(message.type, 'status');
    return message as StatusMessage;
  } finally {
    socket.close();
  }
}

describe('a scheduler that fails behind a real agent', () => {
  test('scheduler-error with the agent\'s code; the last good data stays; no sample; ok again after', async () => {
    const first = await feed.waitFor((e) => e.kind === 'snapshot', 60_000);
    assert.ok(first.kind === 'snapshot', 'a snapshot first');
    assert.equal(first.snapshot.status.health, 'ok');
    assert.deepEqual(first.snapshot.jobs.map((job) => [job.id, job.state]), [['157.pbs', 'held']]);
    const lastOkAt = first.snapshot.status.lastOkAt;

    // qstat now prints garbage.
    writeFileSync(scriptFile, JSON.stringify({ ...GOOD, 'qstat -f -t -F json': { garbage: true } }));
    const failing = await feed.waitFor((e) => e.kind === 'status' && e.status.health === 'scheduler-error', 60_000);
    assert.ok(failing.kind === 'status', 'a status change');
    // The code is the agent's own, passed on as it is.
    const told = await askAgent(agent.url);
    assert.equal(told.status.health, 'scheduler-error');
    assert.equal(failing.status.code, told.status.code);
    assert.ok(failing.status.code !== null, 'a code');
    assert.ok(failing.status.message!.length > 0, 'the agent says what went wrong');
    assert.equal(poller.state.status.health, 'scheduler-error');
    // The data on show is still the last good one; nothing was sampled from the failure.
    const seqWhileFailing = store.seq('hpc1');
    assert.equal(store.lastSnapshot('hpc1')!.jobs.length, 1);
    const samples = () => store.history('hpc1', null).flatMap((block) => block.times).length;
    const samplesWhileFailing = samples();
    await new Promise((resolve) => setTimeout(resolve, 2500));
    assert.equal(samples(), samplesWhileFailing, 'no sample while the scheduler fails');
    assert.equal(store.seq('hpc1'), seqWhileFailing, 'nothing new to show');
    assert.equal(failing.status.lastOkAt! >= lastOkAt!, true);

    writeFileSync(scriptFile, JSON.stringify(GOOD));
    const back = await feed.waitFor((e) => e.kind === 'snapshot' && e.snapshot.status.health === 'ok' && e.snapshot.seq > seqWhileFailing, 60_000);
    assert.ok(back.kind === 'snapshot', 'new data');
    assert.equal(samples() > samplesWhileFailing, true);
  });
});
