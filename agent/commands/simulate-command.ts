/**
 * `webstat-agent simulate`: the real agent (collection loop, budget, parsers, ZeroMQ service)
 * against a simulated scheduler that prints real-format text, for the demo and for tests; or,
 * with `--print FORMAT`, one rendering of the simulated cluster on stdout.
 */
import { parseArgs } from 'node:util';
import type { AgentConfig } from '../config/agent-config.ts';
import { isCollectorFlavour } from '../collector/flavour.ts';
import { DEFAULT_COMMAND_TIMEOUT_SECONDS } from '../config/load-config.ts';
import { parseOutput } from '../formats.ts';
import { startAgentService } from '../service/agent-service.ts';
import { DEFAULT_BIND, parseBindAddress } from '../service/bind-address.ts';
import { renderContext } from '../simulator/render-context.ts';
import { RENDERINGS, renderingNamed } from '../simulator/renderings.ts';
import { SimulatedScheduler } from '../simulator/simulated-scheduler.ts';
import { DEFAULT_SYNTHETIC_OPTIONS, SyntheticCluster } from '../simulator/synthetic-cluster.ts';
import { warmUp } from '../simulator/warm-up.ts';
import { isValidTimeZone } from '../units/clock-time.ts';
import { agentLogger } from './agent-logger.ts';
import { seconds, usageError, wholeNumber, write, type CliCommand } from './cli-io.ts';
import { runUntilStopped } from './run-until-stopped.ts';

const D = DEFAULT_SYNTHETIC_OPTIONS;

const HELP = `usage: webstat-agent simulate [options]
       webstat-agent simulate --print FORMAT [options]

Runs the agent against a simulated PBS cluster: its qstat/pbsnodes output is rendered as real
text (wrapped as PBS wraps it) and read by the real parsers, on the same collection loop and
ZeroMQ service as "serve". The cluster evolves with the clock: every interval 1% of jobs change
state, 0.5% arrive and 0.5% finish; arrays, holds, nodes going down and offline included.
Prints "listening tcp://HOST:PORT" once bound (port 0 picks a free port and prints it).

options:
  --jobs N           jobs listed by the scheduler (default ${D.jobs})
  --nodes M          nodes (default ${D.nodes})
  --users U          users (default ${D.users})
  --groups G         unix groups the users belong to (default ${D.groups}, at most 16)
  --flavour NAME     torque, pbspro, openpbs or slurm (default pbspro)
  --seed S           random seed: the same seed gives the same cluster (default ${D.seed})
  --interval S       seconds between collections, fractions allowed (default 60, at least 0.2);
                     the simulated cluster steps every max(1, S) seconds
  --cluster NAME     the cluster's name (default simulated)
  --bind ADDRESS     where to listen (default ${DEFAULT_BIND}; loopback only)
  --time-zone ZONE   zone the simulated server prints its dates in (default UTC)
  --torque-exec-host STYLE
                     ranges (Torque 5+: n1/0-15, the default) or per-core (Torque 2-4: n1/15+n1/14+…)
  --log-level LEVEL  fatal, error, warn, info, debug (default warn)
  --warm-up-steps N  step the cluster N times before listening (default 0, at most 100000): it
                     starts N intervals into its life, its clock at now
  --warm-up-frames   with --warm-up-steps: print each state reached as "warm-up BASE64" (a
                     protocol snapshot frame, users level) before "listening"; the demo fills
                     its history with them, and the agent then serves the state they end at
  --print FORMAT     print one rendering and exit; FORMAT is one of:
${RENDERINGS.map((r) => `                       ${r.name.padEnd(15)} ${r.program} ${printable(r.args.join(' '))}  (${r.flavours.join(', ')})`).join('\n')}
  -h, --help         this help`;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Slurm's --Format lines end fields in control characters; the help shows them escaped. */
function printable(text: string): string {
  return text.replace(/[\x00-\x1f]/g, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export const simulateCommand: CliCommand = {
  name: 'simulate',
  summary: 'run the agent on a simulated cluster, or print one simulated output',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        jobs: { type: 'string' },
        nodes: { type: 'string' },
        users: { type: 'string' },
        groups: { type: 'string' },
        flavour: { type: 'string', default: 'pbspro' },
        seed: { type: 'string' },
        interval: { type: 'string' },
        cluster: { type: 'string', default: 'simulated' },
        bind: { type: 'string', default: DEFAULT_BIND },
        'time-zone': { type: 'string', default: 'UTC' },
        'log-level': { type: 'string', default: 'warn' },
        'torque-exec-host': { type: 'string', default: 'ranges' },
        print: { type: 'string' },
        'warm-up-steps': { type: 'string' },
        'warm-up-frames': { type: 'boolean', default: false },
      },
    });
    if (positionals.length > 0) throw usageError(`simulate takes no arguments, got '${positionals[0]}'`);
    const flavour = values.flavour!;
    if (!isCollectorFlavour(flavour)) throw usageError(`--flavour wants torque, pbspro, openpbs or slurm, not '${flavour}'`);
    const zone = values['time-zone']!;
    if (!isValidTimeZone(zone)) throw usageError(`--time-zone '${zone}' is not an IANA time zone`);
    const level = values['log-level']!;
    if (!(LOG_LEVELS as readonly string[]).includes(level)) throw usageError(`--log-level wants one of ${LOG_LEVELS.join(', ')}`);
    const execHost = values['torque-exec-host']!;
    if (execHost !== 'ranges' && execHost !== 'per-core') throw usageError(`--torque-exec-host wants ranges or per-core, not '${execHost}'`);
    const rendering = { timeZone: zone, torqueExecHost: execHost } as const;
    const cluster = values.cluster!;
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(cluster)) throw usageError(`--cluster '${cluster}': letters, digits, '.', '_' or '-' only`);
    const intervalSeconds = seconds('interval', values.interval, 60, 0.2, 86_400);
    const warmUpSteps = wholeNumber('warm-up-steps', values['warm-up-steps'], 0, 0, 100_000);
    if (values['warm-up-frames'] && warmUpSteps === 0) throw usageError('--warm-up-frames needs --warm-up-steps N (N >= 1)');
    const stepSeconds = Math.max(1, Math.round(intervalSeconds));
    const synthetic = new SyntheticCluster({
      name: cluster,
      server: `${cluster}-pbs`,
      flavour,
      jobs: wholeNumber('jobs', values.jobs, D.jobs, 0, 2_000_000),
      nodes: wholeNumber('nodes', values.nodes, D.nodes, 1, 200_000),
      users: wholeNumber('users', values.users, D.users, 1, 5_000),
      groups: wholeNumber('groups', values.groups, D.groups, 1, 16),
      seed: wholeNumber('seed', values.seed, D.seed, 0, 2 ** 32 - 1),
      interval: stepSeconds,
      // A warmed-up cluster's clock reads now once its steps are taken (job start times in the past).
      start: Math.floor(Date.now() / 1000) - warmUpSteps * stepSeconds,
    });

    // Before the scheduler exists (its clock starts once the warm-up is over), so the first
    // collection, or --print, shows the warm-up's last state.
    await warmUp(synthetic, warmUpSteps, values['warm-up-frames'] ? (frame) => write(io.stdout, `warm-up ${Buffer.from(frame).toString('base64')}\n`) : undefined);

    if (values.print !== undefined) {
      const printed = renderingNamed(values.print);
      if (!printed) throw usageError(`unknown --print format '${values.print}' (known: ${RENDERINGS.map((r) => r.name).join(', ')})`);
      if (!printed.flavours.includes(flavour)) throw usageError(`${printed.program} ${printed.args.join(' ')} is not a ${flavour} command`);
      await write(io.stdout, printed.render(renderContext(synthetic, rendering)));
      return 0;
    }

    const address = parseBindAddress(values.bind!);
    if (!address.loopback) throw usageError('simulate listens on loopback only (tcp://127.0.0.1:PORT)');
    const config: AgentConfig = {
      file: null,
      cluster,
      flavour,
      intervalSeconds,
      commandTimeoutSeconds: DEFAULT_COMMAND_TIMEOUT_SECONDS,
      bind: values.bind!,
      timeZone: zone,
      commands: { qstat: 'qstat', pbsnodes: 'pbsnodes', showq: null },
      curve: null,
      logLevel: level as AgentConfig['logLevel'],
    };
    const scheduler = new SimulatedScheduler(synthetic, rendering);
    const service = await startAgentService({ config, parse: parseOutput, runner: scheduler.run, curve: null, logger: agentLogger(cluster, config.logLevel) });
    return runUntilStopped(service, io);
  },
};
