/**
 * `scontrol show partition [--oneliner]` to queues: every limit Slurm has for a partition, one
 * command for all partitions. Offered for `webstat-agent parse` and as a configurable alternative;
 * the collector's default is `sinfo` (sinfo-partitions-text.ts), which prints the same essentials.
 */
import type { Queue } from '../../protocol/model.ts';
import { ParseError, type ParseContext, type ParsedOutput } from '../parse-result.ts';
import { queueOfPartition } from './partition-queue.ts';
import { scanScontrolRecords } from './scontrol-records.ts';
import { parseSlurmDuration } from './slurm-time.ts';
import { slurmCount } from './slurm-value.ts';

const COMMAND = 'scontrol show partition';

/** Keys kept as limits, as Slurm names them. */
const LIMIT_KEYS = [
  'Default',
  'DefaultTime',
  'MaxNodes',
  'MinNodes',
  'MaxCPUsPerNode',
  'DefMemPerCPU',
  'DefMemPerNode',
  'MaxMemPerCPU',
  'MaxMemPerNode',
  'OverSubscribe',
  'QoS',
  'AllowAccounts',
  'AllowGroups',
  'AllowQos',
  'DenyAccounts',
  'DenyQos',
  'PriorityJobFactor',
  'PreemptMode',
  'TotalCPUs',
  'TotalNodes',
  'Hidden',
];

export function parseScontrolShowPartition(text: string, _context: ParseContext): ParsedOutput {
  const warnings: string[] = [];
  const scan = scanScontrolRecords(text, 'PartitionName');
  if (scan.records.length === 0) {
    if (text.trim() === '' || /^No partitions in the system\s*$/m.test(text)) return { scheduler: { kind: 'slurm', flavour: 'slurm' }, queues: [], warnings };
    throw new ParseError(COMMAND, scan.strayLines[0] ?? 0, 'no "PartitionName=" record in the output');
  }
  if (scan.strayLines.length > 0) warnings.push(`${scan.strayLines.length} line(s) before the first partition ignored`);
  const queues: Queue[] = [];
  for (const record of scan.records) {
    const field = (key: string) => record.fields.get(key);
    const limits: Record<string, string> = {};
    for (const key of LIMIT_KEYS) {
      const value = field(key);
      // Default=NO and Hidden=NO say nothing a reader needs.
      if (value !== undefined && !((key === 'Default' || key === 'Hidden') && value === 'NO')) limits[key] = value;
    }
    const name = field('PartitionName') ?? '';
    const reading = queueOfPartition({
      name,
      availability: field('State') ?? null,
      walltimeMax: parseSlurmDuration(field('MaxTime')),
      priorityTier: slurmCount(field('PriorityTier')),
      limits,
    });
    if (reading.unknownState !== null) warnings.push(`line ${record.line}: partition ${name}: unknown state '${reading.unknownState}' read as up`);
    queues.push(reading.queue);
  }
  return { scheduler: { kind: 'slurm', flavour: 'slurm' }, queues, warnings };
}
