/** The PBS flavours the agent reads; `auto` in the configuration means "ask the server". */
export const FLAVOURS = ['torque', 'pbspro', 'openpbs'] as const;
export type Flavour = (typeof FLAVOURS)[number];

/** Every scheduler the collector reads: the PBS flavours, and Slurm (agent/slurm/). */
export const COLLECTOR_FLAVOURS = [...FLAVOURS, 'slurm'] as const;
export type CollectorFlavour = (typeof COLLECTOR_FLAVOURS)[number];
export type FlavourSetting = CollectorFlavour | 'auto';

export function isCollectorFlavour(value: string): value is CollectorFlavour {
  return (COLLECTOR_FLAVOURS as readonly string[]).includes(value);
}

/** The scheduler family of SchedulerInfo.kind. */
export function schedulerKind(flavour: CollectorFlavour): 'pbs' | 'slurm' {
  return flavour === 'slurm' ? 'slurm' : 'pbs';
}

export function isFlavour(value: string): value is Flavour {
  return (FLAVOURS as readonly string[]).includes(value);
}
