/**
 * The flags `collect` shares with the configuration file: either `--config FILE`, or the
 * scheduler settings one by one (flavour, command paths, timeout, time zone).
 */
import { DEFAULT_COMMAND_PATHS } from '../collector/command-plan.ts';
import { isCollectorFlavour, type FlavourSetting } from '../collector/flavour.ts';
import type { CollectorOptions } from '../collector/collector.ts';
import { DEFAULT_COMMAND_TIMEOUT_SECONDS, loadAgentConfig } from '../config/load-config.ts';
import { isValidTimeZone } from '../units/clock-time.ts';
import { seconds, usageError } from './cli-io.ts';

export const COLLECTOR_FLAGS = {
  config: { type: 'string' },
  flavour: { type: 'string' },
  qstat: { type: 'string' },
  pbsnodes: { type: 'string' },
  showq: { type: 'string' },
  squeue: { type: 'string' },
  sinfo: { type: 'string' },
  'slurm-json': { type: 'boolean' },
  timeout: { type: 'string' },
  'time-zone': { type: 'string' },
} as const;

export const COLLECTOR_FLAGS_HELP = `  --config FILE      take the settings below from the agent's configuration file
  --flavour NAME     auto (default: ask sinfo, then qstat), torque, pbspro, openpbs or slurm
  --qstat PATH       the qstat to run (default: qstat on PATH)
  --pbsnodes PATH    the pbsnodes to run (default: pbsnodes on PATH)
  --showq PATH       also run Moab's "showq --xml" (Moab/Maui sites)
  --squeue PATH      Slurm: the squeue to run (default: squeue on PATH)
  --sinfo PATH       Slurm: the sinfo to run (default: sinfo on PATH)
  --slurm-json       Slurm: try squeue/sinfo --json before the text forms (slow on big clusters)
  --timeout S        kill a command (and its process group) after S seconds (default ${DEFAULT_COMMAND_TIMEOUT_SECONDS})
  --time-zone ZONE   IANA zone the scheduler prints local times in (default: this machine's)`;

type FlagValues = Partial<Record<Exclude<keyof typeof COLLECTOR_FLAGS, 'slurm-json'>, string>> & { 'slurm-json'?: boolean };

export async function collectorOptions(values: FlagValues): Promise<CollectorOptions> {
  if (values.config !== undefined) {
    const config = await loadAgentConfig(values.config);
    return {
      flavour: config.flavour,
      commands: config.commands,
      commandTimeoutMs: config.commandTimeoutSeconds * 1000,
      ...(config.timeZone ? { timeZone: config.timeZone } : {}),
    };
  }
  const flavour = values.flavour ?? 'auto';
  if (flavour !== 'auto' && !isCollectorFlavour(flavour)) throw usageError(`--flavour wants auto, torque, pbspro, openpbs or slurm, not '${flavour}'`);
  const zone = values['time-zone'];
  if (zone !== undefined && !isValidTimeZone(zone)) throw usageError(`--time-zone '${zone}' is not an IANA time zone`);
  return {
    flavour: flavour as FlavourSetting,
    commands: {
      qstat: values.qstat ?? DEFAULT_COMMAND_PATHS.qstat,
      pbsnodes: values.pbsnodes ?? DEFAULT_COMMAND_PATHS.pbsnodes,
      showq: values.showq ?? null,
      ...(values.squeue !== undefined ? { squeue: values.squeue } : {}),
      ...(values.sinfo !== undefined ? { sinfo: values.sinfo } : {}),
      ...(values['slurm-json'] ? { slurmJson: true } : {}),
    },
    commandTimeoutMs: seconds('timeout', values.timeout, DEFAULT_COMMAND_TIMEOUT_SECONDS, 1, 3600) * 1000,
    ...(zone ? { timeZone: zone } : {}),
  };
}
