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
  if (!scheduler.version) return name;
  // Builds append a timestamp (2022.1.4.20230112061236): the release is what people know.
  return `${name} ${scheduler.version.split('.').slice(0, 3).join('.')}`;
}
