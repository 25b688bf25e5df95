/**
 * `sinfo` partition rows with an explicit `--Format` (the collector's default for queues). Without
 * `--Node` and without per-node fields, sinfo prints one row per partition; rows that come split
 * anyway are merged by name. The default partition is marked by a `*` after its name.
 */
import type { Queue } from '../../protocol/model.ts';
import { ParseError, type ParseContext, type ParsedOutput } from '../parse-result.ts';
import { DelimitedTable, formatArgument } from './delimited-table.ts';
import { queueOfPartition } from './partition-queue.ts';
import { parseSlurmDuration } from './slurm-time.ts';
import { slurmCount, slurmText } from './slurm-value.ts';

const COMMAND = 'sinfo';

export const SINFO_PARTITION_FIELDS = [
  'Partition',
  'Available',
  'Time',
  'DefaultTime',
  'PriorityTier',
  'PriorityJobFactor',
  'MaxCPUsPerNode',
  'Size',
  'OverSubscribe',
  'Groups',
  'Nodes',
] as const;

export const SINFO_PARTITION_ARGS: readonly string[] = ['--all', `--Format=${formatArgument(SINFO_PARTITION_FIELDS)}`];

/** Header → Slurm's scontrol key for the limits kept as printed. */
const LIMIT_KEYS: Record<string, string> = {
  DEFAULTTIME: 'DefaultTime',
  PRIO_JOB_FACTOR: 'PriorityJobFactor',
  MAX_CPUS_PER_NODE: 'MaxCPUsPerNode',
  JOB_SIZE: 'JobSize',
  OVERSUBSCRIBE: 'OverSubscribe',
  GROUPS: 'AllowGroups',
};

export function parseSinfoPartitionsText(text: string, _context: ParseContext): ParsedOutput {
  const warnings: string[] = [];
  const table = new DelimitedTable(text, COMMAND);
  const name = table.columnOf(['PARTITION']);
  const avail = table.columnOf(['AVAIL']);
  if (name < 0 || avail < 0) {
    throw new ParseError(COMMAND, 1, `the header (${table.headers.join(' ') || 'empty'}) lacks PARTITION or AVAIL: not sinfo partition output`);
  }
  const timeLimit = table.columnOf(['TIMELIMIT']);
  const tier = table.columnOf(['PRIO_TIER']);
  const nodes = table.columnOf(['NODES']);
  const byName = new Map<string, Queue>();
  const totalNodes = new Map<string, number>();

  table.forEachRow((values, line) => {
    const printed = (values[name] ?? '').trim();
    const partition = printed.replace(/\*$/, '');
    if (partition === '') return;
    totalNodes.set(partition, (totalNodes.get(partition) ?? 0) + (slurmCount(values[nodes]) ?? 0));
    if (byName.has(partition)) return;
    const limits: Record<string, string> = {};
    if (printed.endsWith('*')) limits.Default = 'YES';
    table.headers.forEach((header, index) => {
      const key = LIMIT_KEYS[header];
      if (key) limits[key] = values[index] ?? '';
    });
    const reading = queueOfPartition({
      name: partition,
      availability: slurmText(values[avail]),
      walltimeMax: timeLimit < 0 ? null : parseSlurmDuration(values[timeLimit]),
      priorityTier: tier < 0 ? null : slurmCount(values[tier]),
      limits,
    });
    if (reading.unknownState !== null) warnings.push(`line ${line}: partition ${partition}: unknown availability '${reading.unknownState}' read as up`);
    byName.set(partition, reading.queue);
  });
  table.checkRows(warnings);
  const queues = [...byName.values()].map((queue) =>
    nodes < 0 ? queue : { ...queue, limits: { ...queue.limits, TotalNodes: String(totalNodes.get(queue.name) ?? 0) } },
  );
  return { scheduler: { kind: 'slurm', flavour: 'slurm' }, queues, warnings };
}
