/**
 * `squeue` text with an explicit `--Format` (the collector's default for jobs, FORMATS.md §8): one
 * row per job, array tasks one by one (`--array`), every partition (`--all`), times as epoch
 * seconds (`SLURM_TIME_FORMAT=%s`). Columns are found by their header (delimited-table.ts), so a
 * `squeue -o '%i|%u|%T|%C|%P|...'` file reads too.
 *
 * On a large cluster this text takes seconds where `squeue --json` takes minutes (issue 8), which
 * is why it is the default.
 */
import type { Job } from '../../protocol/model.ts';
import { ParseError, type ParseContext, type ParsedOutput } from '../parse-result.ts';
import { parseSize } from '../units/size.ts';
import { DelimitedTable, formatArgument } from './delimited-table.ts';
import { jobsOfRecord, type SlurmJobRecord } from './job-record.ts';
import { SlurmReading } from './slurm-context.ts';
import { parseSlurmDuration } from './slurm-time.ts';
import { slurmCount, slurmName, slurmText } from './slurm-value.ts';

const COMMAND = 'squeue';

/** `--Format` fields the collector asks for, and the headers squeue prints for them. */
export const SQUEUE_FIELDS = [
  'JobArrayID',
  'Name',
  'UserName',
  'GroupName',
  'Account',
  'Partition',
  'State',
  'Reason',
  'NumCPUs',
  'NumNodes',
  'NumTasks',
  'tres-alloc',
  'tres-per-job',
  'tres-per-node',
  'tres-per-task',
  'MinMemory',
  'TimeLimit',
  'SubmitTime',
  'StartTime',
] as const;

export const SQUEUE_ARGS: readonly string[] = ['--all', '--array', `--Format=${formatArgument(SQUEUE_FIELDS)}`];

/** Header names per record field; the `-o` letters print the same names (`%i` JOBID, `%T` STATE). */
const HEADERS = {
  id: ['JOBID'],
  name: ['NAME'],
  user: ['USER'],
  group: ['GROUP'],
  account: ['ACCOUNT'],
  partition: ['PARTITION'],
  state: ['STATE', 'ST'],
  reason: ['REASON'],
  nodeListOrReason: ['NODELIST(REASON)'],
  cpus: ['CPUS'],
  nodes: ['NODES'],
  tasks: ['TASKS'],
  tres: ['TRES_ALLOC'],
  tresPerJob: ['TRES_PER_JOB'],
  tresPerNode: ['TRES_PER_NODE'],
  tresPerTask: ['TRES_PER_TASK'],
  minMemory: ['MIN_MEMORY'],
  timeLimit: ['TIME_LIMIT'],
  submitTime: ['SUBMIT_TIME'],
  startTime: ['START_TIME'],
} as const;

type Column = keyof typeof HEADERS;

const REQUIRED: readonly Column[] = ['id', 'user', 'state', 'cpus', 'partition'];

export function parseSqueueText(text: string, context: ParseContext): ParsedOutput {
  const reading = new SlurmReading(context);
  const table = new DelimitedTable(text, COMMAND);
  const columns = columnsOf(table);
  const jobs: Job[] = [];
  table.forEachRow((values, line) => {
    for (const job of jobsOfRecord(recordOf(values, columns, reading), reading.warnings, `line ${line}`)) jobs.push(job);
  });
  table.checkRows(reading.warnings);
  return { scheduler: { kind: 'slurm', flavour: 'slurm' }, jobs, warnings: reading.finish() };
}

function columnsOf(table: DelimitedTable): Record<Column, number> {
  const columns = {} as Record<Column, number>;
  for (const column of Object.keys(HEADERS) as Column[]) columns[column] = table.columnOf(HEADERS[column]);
  const missing = REQUIRED.filter((column) => columns[column] < 0);
  if (missing.length > 0) {
    const wanted = missing.map((column) => HEADERS[column][0]).join(', ');
    throw new ParseError(COMMAND, 1, `no ${wanted} column in the header (${table.headers.join(' ') || 'empty'}): not squeue output with the fields webstat needs`);
  }
  return columns;
}

function recordOf(values: readonly string[], columns: Record<Column, number>, reading: SlurmReading): SlurmJobRecord {
  const value = (column: Column): string | undefined => (columns[column] >= 0 ? values[columns[column]] : undefined);
  const nodes = slurmCount(value('nodes'));
  const reason = slurmText(value('reason') ?? reasonInNodeList(value('nodeListOrReason')));
  const minMemory = slurmText(value('minMemory'));
  // MinMemory is per node or per CPU (squeue does not say which): read as per node, a lower bound.
  const perNode = minMemory === null ? null : parseSize(/^[\d.]+$/.test(minMemory) ? `${minMemory}M` : minMemory);
  return {
    id: (value('id') ?? '').trim(),
    name: slurmName(value('name')),
    user: slurmName(value('user')),
    unixGroup: slurmName(value('group')),
    account: slurmName(value('account')),
    partition: slurmName(value('partition')),
    stateWords: [(value('state') ?? '').trim()].filter((word) => word !== ''),
    reason,
    cpus: slurmCount(value('cpus')),
    nodeCount: nodes,
    tasks: slurmCount(value('tasks')),
    tres: slurmText(value('tres')),
    tresPerJob: slurmText(value('tresPerJob')),
    tresPerNode: slurmText(value('tresPerNode')),
    tresPerTask: slurmText(value('tresPerTask')),
    gresDetail: [],
    requestedMemoryBytes: perNode !== null && perNode > 0 ? perNode * (nodes ?? 1) : null,
    walltimeLimit: parseSlurmDuration(value('timeLimit')),
    submittedAt: reading.time(value('submitTime')),
    startTime: reading.time(value('startTime')),
  };
}

/** `%R` prints `(Resources)` for a pending job and the node list for a running one. */
function reasonInNodeList(text: string | undefined): string | undefined {
  return text === undefined ? undefined : /^\((.*)\)$/.exec(text.trim())?.[1];
}
