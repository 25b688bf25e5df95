/*
 * Fake PBS commands for tests: `qstat`, `pbsnodes` and `showq` in this folder are Node scripts
 * that behave as a test's script tells them, so tests run the agent against real child processes
 * printing real scheduler outputs (the fixture files), without a PBS server.
 *
 * Put this folder first on PATH (or point the agent's command paths at the files) and set:
 *
 *   FAKE_PBS_SCRIPT  path of a JSON file, read afresh at every call (a test may rewrite it
 *                    between collections):
 *                      { "<program> <args joined by one space>": BEHAVIOUR, ..., "*": BEHAVIOUR }
 *                    e.g. "qstat -f -t -F json". "*" answers any call not listed; a call that
 *                    matches nothing prints "<program>: invalid option" and exits 2, as a real
 *                    qstat does for an option its version lacks.
 *   FAKE_PBS_CALLS   optional: a file that gets one line per call, "<program> <args>", so a
 *                    test can count how often the scheduler was asked.
 *
 * BEHAVIOUR, every field optional:
 *   stdoutFile   print this file's bytes on stdout
 *   stdout       print this text on stdout (after stdoutFile)
 *   stderr       print this text on stderr
 *   garbage      true: print bytes no scheduler prints (binary junk and broken structure)
 *   sleepMs      wait this long before printing
 *   hang         true: start a child process (same process group), write its pid to
 *                `childPidFile` when given, then never exit
 *   ignoreTerm   true: ignore SIGTERM (only SIGKILL ends it), to test the kill escalation
 *   exitCode     exit status after printing (default 0)
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');

const GARBAGE =
  '\u0000\u0001\u0002PBS\u00ff\u00fe{{{ "Jobs": [[[ ::: \n' +
  '@@@@ this is not scheduler output @@@@\n' +
  ']]]}}} \u0007\u0008 <Data><Job><<>>\n';

function fail(program, message) {
  process.stderr.write(`${program}: ${message}\n`);
  process.exit(2);
}

function main(program) {
  const args = process.argv.slice(2);
  const key = [program, ...args].join(' ');
  if (process.env.FAKE_PBS_CALLS) fs.appendFileSync(process.env.FAKE_PBS_CALLS, `${key}\n`);
  const scriptPath = process.env.FAKE_PBS_SCRIPT;
  if (!scriptPath) fail(program, 'FAKE_PBS_SCRIPT is not set (see fake-scheduler.js)');
  const script = JSON.parse(fs.readFileSync(scriptPath, 'utf8'));
  const behaviour = script[key] ?? script['*'];
  if (!behaviour) fail(program, `invalid option -- '${args.join(' ')}'`);
  if (behaviour.ignoreTerm) process.on('SIGTERM', () => {});
  setTimeout(() => act(behaviour, path.dirname(scriptPath)), behaviour.sleepMs ?? 0);
}

function act(behaviour, scriptDir) {
  if (behaviour.hang) {
    // A grandchild in the same process group: the agent must kill it along with us.
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], { stdio: 'ignore' });
    if (behaviour.childPidFile) fs.writeFileSync(behaviour.childPidFile, String(child.pid));
    if (behaviour.stderr) process.stderr.write(behaviour.stderr);
    setInterval(() => {}, 1 << 30);
    return;
  }
  const out = [];
  if (behaviour.stdoutFile) out.push(fs.readFileSync(path.resolve(scriptDir, behaviour.stdoutFile)));
  if (behaviour.stdout) out.push(Buffer.from(behaviour.stdout));
  if (behaviour.garbage) out.push(Buffer.from(GARBAGE, 'latin1'));
  if (behaviour.stderr) process.stderr.write(behaviour.stderr);
  process.stdout.write(Buffer.concat(out), () => process.exit(behaviour.exitCode ?? 0));
}

module.exports = { main };
