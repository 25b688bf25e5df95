/**
 * The Slurm outputs the agent reads, for the format registry (agent/formats.ts) and for
 * `webstat-agent parse --format NAME`. Each format's command is the one the collector runs (or
 * would, for the ones it does not run by default).
 */
import type { OutputFormat } from '../formats.ts';
import { FIELD_SEPARATOR } from './delimited-table.ts';
import { parseScontrolShowJob } from './scontrol-show-job.ts';
import { parseScontrolShowPartition } from './scontrol-show-partition.ts';
import { parseSinfoJson } from './sinfo-json.ts';
import { parseSinfoNodesText, SINFO_NODE_FIELDS } from './sinfo-nodes-text.ts';
import { parseSinfoPartitionsText, SINFO_PARTITION_FIELDS } from './sinfo-partitions-text.ts';
import { parseSqueueJson } from './squeue-json.ts';
import { parseSqueueText, SQUEUE_FIELDS } from './squeue-text.ts';

export const SLURM_FORMAT_NAMES = [
  'squeue',
  'squeue-json',
  'sinfo-nodes',
  'sinfo-json',
  'sinfo-partitions',
  'scontrol-show-job',
  'scontrol-show-partition',
] as const;
export type SlurmFormatName = (typeof SLURM_FORMAT_NAMES)[number];

/** A `--Format` list as a person would type it (the real one ends each field in a separator). */
const fields = (names: readonly string[]) => names.join(',');

export const SLURM_FORMATS: Readonly<Record<SlurmFormatName, OutputFormat>> = {
  squeue: { name: 'squeue', command: `squeue --all --array --Format=${fields(SQUEUE_FIELDS)}`, gives: 'jobs', parse: parseSqueueText },
  'squeue-json': { name: 'squeue-json', command: 'squeue --all --json', gives: 'jobs', parse: parseSqueueJson },
  'sinfo-nodes': { name: 'sinfo-nodes', command: `sinfo --all --Node --Format=${fields(SINFO_NODE_FIELDS)}`, gives: 'nodes', parse: parseSinfoNodesText },
  'sinfo-json': { name: 'sinfo-json', command: 'sinfo --all --Node --json', gives: 'nodes', parse: parseSinfoJson },
  'sinfo-partitions': {
    name: 'sinfo-partitions',
    command: `sinfo --all --Format=${fields(SINFO_PARTITION_FIELDS)}`,
    gives: 'queues',
    parse: parseSinfoPartitionsText,
  },
  'scontrol-show-job': { name: 'scontrol-show-job', command: 'scontrol show job -d', gives: 'jobs', parse: parseScontrolShowJob },
  'scontrol-show-partition': {
    name: 'scontrol-show-partition',
    command: 'scontrol show partition --oneliner',
    gives: 'queues',
    parse: parseScontrolShowPartition,
  },
};

/**
 * Which Slurm output a text is, from what each always prints at its start: the header row of the
 * `--Format` tables, the first key of `scontrol` records, the `meta` block and the list of the
 * JSON. Checked before the PBS formats, since PBS's `pbsnodes -F json` also has a `"nodes"` list.
 */
export function detectSlurmFormat(sample: string): SlurmFormatName | null {
  if (/^JobId=\S/m.test(sample)) return 'scontrol-show-job';
  if (/^PartitionName=\S/m.test(sample)) return 'scontrol-show-partition';
  const json = /^[ \t]*\{/m.exec(sample);
  if (json && /"(Slurm|slurm)"\s*:\s*\{|"data_parser"|Slurm OpenAPI/.test(sample.slice(json.index))) {
    const body = sample.slice(json.index);
    if (/"jobs"\s*:/.test(body)) return 'squeue-json';
    if (/"(sinfo|nodes)"\s*:/.test(body)) return 'sinfo-json';
  }
  const header = headerWords(sample);
  if (header.has('JOBID') && header.has('USER') && (header.has('CPUS') || header.has('STATE'))) return 'squeue';
  if (header.has('NODELIST') && (header.has('CPUS(A/I/O/T)') || header.has('CPUS')) && header.has('STATE')) return 'sinfo-nodes';
  if (header.has('PARTITION') && header.has('AVAIL')) return 'sinfo-partitions';
  return null;
}

/** The words of the first non-blank line, split as delimited-table.ts splits a header. */
function headerWords(sample: string): Set<string> {
  const line = /^[^\S\n]*\S.*$/m.exec(sample)?.[0] ?? '';
  const separator = line.includes(FIELD_SEPARATOR) ? FIELD_SEPARATOR : line.includes('|') ? '|' : /\s+/;
  return new Set(line.split(separator).map((word) => word.replace(/\x1e/g, '').trim().toUpperCase()));
}
