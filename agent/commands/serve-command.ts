/** `webstat-agent serve --config FILE`: the agent on a login node. */
import { parseArgs } from 'node:util';
import { loadAgentConfig } from '../config/load-config.ts';
import { parseOutput } from '../formats.ts';
import { startAgentService } from '../service/agent-service.ts';
import { DEFAULT_BIND } from '../service/bind-address.ts';
import { readCurveKeys } from '../service/curve-keys.ts';
import { agentLogger } from './agent-logger.ts';
import { usageError, type CliCommand } from './cli-io.ts';
import { runUntilStopped } from './run-until-stopped.ts';

const HELP = `usage: webstat-agent serve --config FILE

Runs the agent: one collection of the scheduler's commands per interval (default 60 s, never
below 15 s, stretched to 10x a slow collection's duration, never two at once, each command
killed at the timeout), the last snapshots kept in memory, and a ZeroMQ REP socket answering
every request from them (default ${DEFAULT_BIND}; any non-loopback address needs CURVE keys).
Prints "listening tcp://HOST:PORT" once bound; logs JSON lines on stderr; stops on SIGINT/SIGTERM.

The configuration file (YAML; see agent/README.md):
  cluster: hpc1                 # required: the name the dashboard shows
  flavour: auto                 # auto, torque, pbspro, openpbs or slurm
  interval: 60                  # seconds between collections (>= 15)
  commandTimeout: 60            # seconds before a command is killed
  bind: ${DEFAULT_BIND}
  timeZone: Europe/Berlin       # zone the scheduler prints local times in
  commands: { qstat: /opt/pbs/bin/qstat, pbsnodes: /opt/pbs/bin/pbsnodes }
  moab: { showq: /opt/moab/bin/showq }                     # Moab/Maui sites only
  # Slurm sites: commands: { squeue: /usr/bin/squeue, sinfo: /usr/bin/sinfo }
  slurm: { json: false }        # true: squeue/sinfo --json first (slow on big clusters)
  curve: { publicKeyFile: agent.pub, secretKeyFile: agent.key }  # only for non-loopback binds
  logLevel: info

options:
  --config FILE      the configuration file (required)
  -h, --help         this help`;

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'run the agent: collect on the budget, answer on ZeroMQ',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { config: { type: 'string' } } });
    if (positionals.length > 0) throw usageError(`serve takes no arguments, got '${positionals[0]}'`);
    if (values.config === undefined) throw usageError('serve needs --config FILE');
    const config = await loadAgentConfig(values.config);
    const curve = config.curve ? await readCurveKeys(config.curve.publicKeyFile, config.curve.secretKeyFile) : null;
    const service = await startAgentService({ config, parse: parseOutput, curve, logger: agentLogger(config.cluster, config.logLevel) });
    return runUntilStopped(service, io);
  },
};
