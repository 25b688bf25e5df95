/**
 * `squeue --json` (FORMATS.md §8): both the plain-number shape (21.08–22.05) and the
 * `{"set","infinite","number"}` shape (23.02 and later), `job_state` as a string or a list.
 * Used when the configuration asks for JSON; the text form is the default because on a large
 * cluster this one has taken minutes where the text took seconds (issue 8).
 *
 * Ids: `array_job_id` with `array_task_id` make `123_4`; an array job id whose task id is not set
 * and whose `array_task_string` lists tasks (`1-10`) is the record of tasks not yet started,
 * `123_[1-10]`, expanded like `squeue --array` would; `het_job_id` + `het_job_offset` make `123+1`.
 * Time limits are minutes; times epoch seconds with 0 for "not set". GPUs held by a running job
 * are also listed per node in `gres_detail` (`gpu:tesla:1(IDX:0)`); memory asked for is per node
 * (`memory_per_node`) or per CPU (`memory_per_cpu`), in megabytes.
 */
import type { Job } from '../../protocol/model.ts';
import { ParseError, type ParseContext, type ParsedOutput } from '../parse-result.ts';
import { jobsOfRecord, type SlurmJobRecord } from './job-record.ts';
import { isObject, listAt, numberOf, readSlurmJson, stringOf, timeOf, wordsOf, type JsonObject } from './slurm-json.ts';
import { minutesToSeconds } from './slurm-time.ts';

const COMMAND = 'squeue --json';

export function parseSqueueJson(text: string, _context: ParseContext): ParsedOutput {
  const document = readSlurmJson(text, COMMAND);
  if (!Array.isArray(document.root.jobs)) throw new ParseError(COMMAND, 1, 'no "jobs" list in the JSON: not squeue --json output');
  const warnings = document.warnings;
  const jobs: Job[] = [];
  listAt(document.root, 'jobs').forEach((entry, index) => {
    if (!isObject(entry)) {
      warnings.push(`jobs[${index}] is not an object; skipped`);
      return;
    }
    jobs.push(...jobsOfRecord(recordOf(entry), warnings, `jobs[${index}]`));
  });
  return { scheduler: document.scheduler, jobs, warnings };
}

function idOf(job: JsonObject): string {
  const jobId = numberOf(job.job_id);
  const arrayJob = numberOf(job.array_job_id);
  if (arrayJob !== null && arrayJob > 0) {
    const task = numberOf(job.array_task_id);
    if (task !== null) return `${arrayJob}_${task}`;
    const tasks = stringOf(job.array_task_string);
    if (tasks !== null) return `${arrayJob}_[${tasks}]`;
  }
  const het = numberOf(job.het_job_id);
  const offset = numberOf(job.het_job_offset);
  if (het !== null && het > 0 && offset !== null) return `${het}+${offset}`;
  return jobId === null ? '' : String(jobId);
}

function nameOrNumber(name: unknown, id: unknown): string | null {
  const text = stringOf(name);
  if (text !== null) return text;
  const number = numberOf(id);
  return number === null ? null : String(number);
}

function recordOf(job: JsonObject): SlurmJobRecord {
  const nodes = numberOf(job.node_count);
  const cpus = numberOf(job.cpus);
  const allocated = stringOf(job.tres_alloc_str);
  const perNode = numberOf(job.memory_per_node);
  const perCpu = numberOf(job.memory_per_cpu);
  const megabytes = perNode !== null && perNode > 0 ? perNode * (nodes ?? 1) : perCpu !== null && perCpu > 0 ? perCpu * (cpus ?? 1) : null;
  const reason = stringOf(job.state_reason);
  return {
    id: idOf(job),
    name: stringOf(job.name),
    user: nameOrNumber(job.user_name, job.user_id),
    unixGroup: nameOrNumber(job.group_name, job.group_id),
    account: stringOf(job.account),
    partition: stringOf(job.partition),
    stateWords: wordsOf(job.job_state),
    reason: reason === null || reason === 'None' ? null : reason,
    cpus,
    nodeCount: nodes,
    tasks: numberOf(job.tasks),
    // A job that holds resources has tres_alloc_str; one that waits has only its request.
    tres: allocated ?? stringOf(job.tres_req_str),
    tresPerJob: stringOf(job.tres_per_job),
    tresPerNode: stringOf(job.tres_per_node),
    tresPerTask: stringOf(job.tres_per_task),
    gresDetail: wordsOf(job.gres_detail),
    requestedMemoryBytes: megabytes === null ? null : megabytes * 2 ** 20,
    walltimeLimit: minutesToSeconds(numberOf(job.time_limit)),
    submittedAt: timeOf(job.submit_time),
    startTime: timeOf(job.start_time),
  };
}
