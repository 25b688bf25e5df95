/** Real child processes: the fake qstat (agent/testing/fake-scheduler) behaves as told. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, test } from 'node:test';
import { FakeSchedulerSession, processGone } from '../testing/fake-scheduler-session.ts';
import { runCommand } from './run-command.ts';

const session = new FakeSchedulerSession();
after(() => session.close());

test('stdout, stderr, exit status and size are captured; stdout is kept on a non-zero exit', async () => {
  session.script({ 'qstat -x 1 2': { stdout: '<Data><Job><Job_Id>1.srv</Job_Id></Job></Data>\n', stderr: 'qstat: Unknown Job Id 2.srv\n', exitCode: 153 } });
  const result = await runCommand({ argv: ['qstat', '-x', '1', '2'] }, { timeoutMs: 10_000, env: session.env });
  assert.equal(result.exitCode, 153);
  assert.equal(result.stdout, '<Data><Job><Job_Id>1.srv</Job_Id></Job></Data>\n');
  assert.equal(result.stderr, 'qstat: Unknown Job Id 2.srv\n');
  assert.equal(result.outputBytes, Buffer.byteLength(result.stdout));
  assert.equal(result.timedOut, false);
  assert.ok(result.durationMs > 0);
});

test('a program that does not exist is reported, not thrown', async () => {
  const result = await runCommand({ argv: ['/nonexistent/bin/qstat', '-f'] }, { timeoutMs: 10_000 });
  assert.equal(result.notFound, true);
  assert.equal(result.exitCode, null);
  assert.match(result.stderr, /ENOENT/);
});

test('a hanging command is killed at the timeout together with the process it started', async () => {
  const childPidFile = session.file('child.pid', '');
  session.script({ 'qstat -f': { hang: true, childPidFile, stderr: 'pbs_iff: cannot connect to host\n' } });
  // Long enough for the fake (a Node script) to start and fork on a busy machine.
  const result = await runCommand({ argv: ['qstat', '-f'] }, { timeoutMs: 6000, env: session.env });
  assert.equal(result.timedOut, true);
  assert.equal(result.signal, 'SIGTERM');
  assert.equal(result.stderr, 'pbs_iff: cannot connect to host\n');
  const child = Number(readFileSync(childPidFile, 'utf8'));
  assert.ok(child > 0, 'the fake qstat started a child');
  assert.ok(processGone(child), 'the child in the same process group is gone too');
});

test('a command that ignores SIGTERM is killed with SIGKILL after the grace period', async () => {
  // The shell ignores TERM from its first instruction (a Node script could only after starting up).
  const result = await runCommand({ argv: ['sh', '-c', 'trap "" TERM; sleep 30 & wait'] }, { timeoutMs: 1000, killGraceMs: 300 });
  assert.equal(result.timedOut, true);
  assert.equal(result.signal, 'SIGKILL');
});

test('aborting kills the command at once (the agent is stopping)', async () => {
  session.script({ 'qstat -f': { hang: true } });
  const controller = new AbortController();
  const running = runCommand({ argv: ['qstat', '-f'] }, { timeoutMs: 60_000, env: session.env, signal: controller.signal });
  setTimeout(() => controller.abort(), 300);
  const result = await running;
  assert.equal(result.timedOut, false);
  assert.equal(result.signal, 'SIGKILL');
});

test('output beyond the limit stops the command', async () => {
  session.script({ 'qstat -f': { stdout: 'x'.repeat(200_000) } });
  const result = await runCommand({ argv: ['qstat', '-f'] }, { timeoutMs: 10_000, env: session.env, maxOutputBytes: 50_000 });
  assert.equal(result.outputTooLarge, true);
  assert.equal(result.stdout, '');
});
