/**
 * `scontrol show job [-d]` (FORMATS.md §8) to jobs: for reading what a person pastes or a site
 * logs (`webstat-agent parse --format scontrol-show-job`), not run by the collector, which needs
 * one cheap command for all jobs (`squeue`).
 *
 * `UserId=milettri(101957)` and `GroupId=domain users(100513)` carry the number after the name;
 * `JobId=4 ArrayJobId=4 ArrayTaskId=1-4` is a pending task list, `ArrayTaskId=2` one task;
 * `TRES=` is what a running job holds or a pending one asks for; `StartTime` of a pending job is
 * the backfill estimate; `-d` lines give the GRES each node holds (`GRES=gpu:tesla:1(IDX:0)`).
 */
import type { Job } from '../../protocol/model.ts';
import { ParseError, type ParseContext, type ParsedOutput } from '../parse-result.ts';
import { jobsOfRecord, type SlurmJobRecord } from './job-record.ts';
import { scanScontrolRecords, type ScontrolRecord } from './scontrol-records.ts';
import { SlurmReading } from './slurm-context.ts';
import { parseSlurmDuration } from './slurm-time.ts';
import { slurmCount, slurmName, slurmText } from './slurm-value.ts';
import { parseSize } from '../units/size.ts';

const COMMAND = 'scontrol show job';

export function parseScontrolShowJob(text: string, context: ParseContext): ParsedOutput {
  const reading = new SlurmReading(context);
  const scan = scanScontrolRecords(text, 'JobId');
  if (scan.records.length === 0) {
    if (text.trim() === '' || /^No jobs in the system\s*$/m.test(text)) return { scheduler: { kind: 'slurm', flavour: 'slurm' }, jobs: [], warnings: [] };
    throw new ParseError(COMMAND, scan.strayLines[0] ?? 0, 'no "JobId=" record in the output');
  }
  if (scan.strayLines.length > 0) reading.warnings.push(`${scan.strayLines.length} line(s) before the first job ignored (first at line ${scan.strayLines[0]})`);
  const jobs: Job[] = [];
  for (const record of scan.records) jobs.push(...jobsOfRecord(recordOf(record, reading), reading.warnings, `line ${record.line}`));
  return { scheduler: { kind: 'slurm', flavour: 'slurm' }, jobs, warnings: reading.finish() };
}

/** `milettri(101957)` → `milettri`; a bare number stays as it is (no name known). */
function nameBeforeId(text: string | undefined): string | null {
  const value = slurmName(text);
  if (value === null) return null;
  return value.replace(/\(\d+\)$/, '').trim() || null;
}

function recordOf(record: ScontrolRecord, reading: SlurmReading): SlurmJobRecord {
  const field = (key: string): string | undefined => record.fields.get(key);
  const arrayJob = slurmText(field('ArrayJobId'));
  const arrayTask = slurmText(field('ArrayTaskId'));
  const jobId = (field('JobId') ?? '').trim();
  const hetJob = slurmText(field('HetJobId'));
  const hetOffset = slurmText(field('HetJobOffset'));
  const id =
    arrayJob !== null && arrayTask !== null
      ? /^\d+$/.test(arrayTask)
        ? `${arrayJob}_${arrayTask}`
        : `${arrayJob}_[${arrayTask}]`
      : hetJob !== null && hetOffset !== null
        ? `${hetJob}+${hetOffset}`
        : jobId;
  const nodes = slurmCount(field('NumNodes')?.split('-')[0]);
  return {
    id,
    name: slurmName(field('JobName')),
    user: nameBeforeId(field('UserId')),
    unixGroup: nameBeforeId(field('GroupId')),
    account: slurmName(field('Account')),
    partition: slurmName(field('Partition')),
    stateWords: [(field('JobState') ?? '').trim()].filter((word) => word !== ''),
    reason: slurmText(field('Reason')),
    cpus: slurmCount(field('NumCPUs')?.split('-')[0]),
    nodeCount: nodes,
    tasks: slurmCount(field('NumTasks')),
    tres: slurmText(field('TRES')),
    tresPerJob: slurmText(field('TresPerJob')),
    tresPerNode: slurmText(field('TresPerNode')),
    tresPerTask: slurmText(field('TresPerTask')),
    gresDetail: record.details.map((detail) => detail.get('GRES') ?? '').filter((gres) => gres !== ''),
    requestedMemoryBytes: requestedMemory(record, nodes),
    walltimeLimit: parseSlurmDuration(field('TimeLimit')),
    submittedAt: reading.time(field('SubmitTime')),
    startTime: reading.time(field('StartTime')),
  };
}

/** `MinMemoryNode=1G` × nodes, or `MinMemoryCPU=1900M` × CPUs. */
function requestedMemory(record: ScontrolRecord, nodes: number | null): number | null {
  const perNode = parseSize(record.fields.get('MinMemoryNode') ?? '');
  if (perNode !== null && perNode > 0) return perNode * (nodes ?? 1);
  const perCpu = parseSize(record.fields.get('MinMemoryCPU') ?? '');
  const cpus = slurmCount(record.fields.get('NumCPUs')?.split('-')[0]);
  if (perCpu !== null && perCpu > 0) return perCpu * (cpus ?? 1);
  return null;
}
