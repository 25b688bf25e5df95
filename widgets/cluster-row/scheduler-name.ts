/** How a scheduler is named for people: "PBS Pro 2022.1.3", "Torque 6.1.2", "OpenPBS". */
import type { SchedulerInfo } from '../../protocol/model.ts';

const FLAVOURS: Record<string, string> = {
  pbspro: 'PBS Pro',
  openpbs: 'OpenPBS',
  torque: 'Torque',
  slurm: 'Slurm',
  moab: 'Moab',
};

export function schedulerName(scheduler: SchedulerInfo): string {
  const name = FLAVOURS[scheduler.flavour] ?? (scheduler.flavour || scheduler.kind.toUpperCase());
  return scheduler.version ? `${name} ${scheduler.version}` : name;
}
