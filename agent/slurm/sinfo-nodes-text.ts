/**
 * `sinfo --Node` text with an explicit `--Format` (the collector's default for nodes): one row per
 * node and partition, merged here into one Node per name whose properties are its partitions (in
 * sinfo's order, the default one's `*` dropped) followed by its features.
 *
 * Cores come from `CPUS(A/I/O/T)` (allocated/idle/other/total; `%C`), GPUs from `GRES` and
 * `GRES_USED` (`gpu:tesla:2(S:0)`, `gpu:tesla:1(IDX:0)`), memory from `MEMORY` (megabytes), the
 * state from `STATE` (`draining`, `idle~`, `down*`) and, where Slurm prints it, `STATECOMPLETE`
 * (`allocated+drain`), which keeps the base state a long state word hides.
 */
import type { Node } from '../../protocol/model.ts';
import { ParseError, type ParseContext, type ParsedOutput } from '../parse-result.ts';
import { DelimitedTable, formatArgument } from './delimited-table.ts';
import { nodeStateWords, slurmNodeStates } from './node-state.ts';
import { gpusInGres } from './tres.ts';
import { slurmCount, slurmText } from './slurm-value.ts';

const COMMAND = 'sinfo --Node';

export const SINFO_NODE_FIELDS = [
  'NodeList',
  'Partition',
  'StateLong',
  'StateComplete',
  'CPUsState',
  'Memory',
  'Gres',
  'GresUsed',
  'Features',
  'Reason',
] as const;

export const SINFO_NODE_ARGS: readonly string[] = ['--all', '--Node', `--Format=${formatArgument(SINFO_NODE_FIELDS)}`];

const HEADERS = {
  name: ['NODELIST', 'HOSTNAMES'],
  partition: ['PARTITION'],
  state: ['STATE'],
  stateComplete: ['STATECOMPLETE'],
  cpuStates: ['CPUS(A/I/O/T)'],
  cpus: ['CPUS'],
  memory: ['MEMORY'],
  gres: ['GRES'],
  gresUsed: ['GRES_USED'],
  features: ['AVAIL_FEATURES'],
  reason: ['REASON'],
} as const;

type Column = keyof typeof HEADERS;

interface NodeRow {
  node: Node;
  partitions: string[];
  features: string[];
}

export function parseSinfoNodesText(text: string, _context: ParseContext): ParsedOutput {
  const warnings: string[] = [];
  const table = new DelimitedTable(text, COMMAND);
  const columns = columnsOf(table);
  const byName = new Map<string, NodeRow>();
  const unknownWords = new Set<string>();

  table.forEachRow((values, line) => {
    const value = (column: Column): string | undefined => (columns[column] >= 0 ? values[columns[column]] : undefined);
    const name = (value('name') ?? '').trim();
    if (name === '') {
      warnings.push(`line ${line}: row without a node name skipped`);
      return;
    }
    const partition = slurmText(value('partition'))?.replace(/\*$/, '') ?? null;
    const existing = byName.get(name);
    if (existing) {
      if (partition !== null && !existing.partitions.includes(partition)) existing.partitions.push(partition);
      return;
    }
    const cpus = cpuCounts(value('cpuStates'), value('cpus'));
    if (cpus === null) {
      warnings.push(`line ${line}: node ${name}: no CPU count; node skipped`);
      return;
    }
    const words = nodeStateWords([value('state') ?? '', value('stateComplete') ?? '']);
    const states = slurmNodeStates(words, cpus.total, cpus.allocated);
    for (const word of states.unknownWords) unknownWords.add(word);
    const memoryMegabytes = slurmCount(value('memory'));
    const reason = slurmText(value('reason'));
    byName.set(name, {
      node: {
        name,
        states: states.states,
        cores: cpus.total,
        coresUsed: cpus.allocated,
        gpus: gpusInGres(value('gres')) ?? 0,
        gpusUsed: gpusInGres(value('gresUsed')) ?? 0,
        memoryBytes: memoryMegabytes === null ? null : memoryMegabytes * 2 ** 20,
        properties: [],
        comment: reason,
      },
      partitions: partition === null ? [] : [partition],
      features: (slurmText(value('features')) ?? '').split(',').map((feature) => feature.trim()).filter((feature) => feature !== ''),
    });
  });
  table.checkRows(warnings);
  if (unknownWords.size > 0) warnings.push(`unknown node state word(s): ${[...unknownWords].join(', ')}`);
  const nodes = [...byName.values()].map(({ node, partitions, features }) => ({ ...node, properties: [...partitions, ...features] }));
  return { scheduler: { kind: 'slurm', flavour: 'slurm' }, nodes, warnings };
}

function columnsOf(table: DelimitedTable): Record<Column, number> {
  const columns = {} as Record<Column, number>;
  for (const column of Object.keys(HEADERS) as Column[]) columns[column] = table.columnOf(HEADERS[column]);
  if (columns.name < 0 || columns.state < 0 || (columns.cpuStates < 0 && columns.cpus < 0)) {
    throw new ParseError(
      COMMAND,
      1,
      `the header (${table.headers.join(' ') || 'empty'}) lacks NODELIST, STATE or CPUS(A/I/O/T): not sinfo --Node output with the fields webstat needs`,
    );
  }
  return columns;
}

/** `2/0/0/2` (allocated/idle/other/total), else a plain CPU total with nothing known in use. */
function cpuCounts(states: string | undefined, total: string | undefined): { allocated: number; total: number } | null {
  const match = /^(\d+)\/(\d+)\/(\d+)\/(\d+)$/.exec((states ?? '').trim());
  if (match) return { allocated: Number(match[1]), total: Number(match[4]) };
  const plain = slurmCount(total);
  return plain === null ? null : { allocated: 0, total: plain };
}
