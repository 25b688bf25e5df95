/** `webstat-agent collect`: runs the scheduler's commands once and prints the cluster as JSON. */
import { parseArgs } from 'node:util';
import { AgentError } from '../agent-error.ts';
import { Collector } from '../collector/collector.ts';
import { parseOutput } from '../formats.ts';
import { clusterJson } from './cluster-json.ts';
import { usageError, write, type CliCommand } from './cli-io.ts';
import { COLLECTOR_FLAGS, COLLECTOR_FLAGS_HELP, collectorOptions } from './collector-flags.ts';

const HELP = `usage: webstat-agent collect [options]

Runs the scheduler's commands once, exactly as the agent does every interval, and prints the
same JSON as "webstat-agent parse": { "scheduler", "jobs", "nodes", "queues", "summary" }.
Torque: qstat -f -t -1 (or qstat -x -t), pbsnodes -x (or -a), qstat -Q -f.
PBS Pro/OpenPBS: qstat -f -t -F json, pbsnodes -a -F json, qstat -Q -f -F json (or their text).
Slurm: squeue --all --array and sinfo --all [--Node] with explicit --Format (or --json first).

options:
${COLLECTOR_FLAGS_HELP}
  --compact          one line of JSON instead of an indented document
  -h, --help         this help

A failed collection prints "webstat-agent: CODE: message" (timeout, command-not-found,
command-failed, parse-error, …) and exits with status 1.`;

export const collectCommand: CliCommand = {
  name: 'collect',
  summary: "run the scheduler's commands once and print the JSON",
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { ...COLLECTOR_FLAGS, compact: { type: 'boolean', default: false } },
    });
    if (positionals.length > 0) throw usageError(`collect takes no arguments, got '${positionals[0]}'`);
    const collector = new Collector(await collectorOptions(values), parseOutput);
    const outcome = await collector.collect();
    for (const warning of outcome.warnings) io.stderr.write(`webstat-agent: warning: ${warning}\n`);
    if (!outcome.ok) throw new AgentError(outcome.failure.code, outcome.failure.message);
    await write(io.stdout, clusterJson(outcome.cluster, values.compact!));
    return 0;
  },
};
