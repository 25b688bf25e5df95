/**
 * Torque `qstat -x` XML (also `-x -t`) to jobs. Times are epochs; nested groups
 * (`<Resource_List><nodes>`) read as the text format's dotted names. A non-zero exit (an unknown
 * id on stderr) still leaves valid XML on stdout: the caller passes stdout here regardless.
 */
import type { Job } from '../../protocol/model.ts';
import { ParseError, type ParseContext, type ParsedOutput } from '../parse-result.ts';
import { clockOf } from './context.ts';
import { jsonAttributes, lineOf } from './json-attributes.ts';
import { jobFromAttributes, type JobReading } from './job-attributes.ts';
import { xmlRecords } from './xml-records.ts';

const COMMAND = 'qstat -x';

export function parseQstatXml(text: string, context: ParseContext): ParsedOutput {
  const warnings: string[] = [];
  const reading: JobReading = { flavour: context.flavour ?? 'torque', clock: clockOf(context, warnings), warnings };
  const jobs: Job[] = [];
  let server: string | null = null;
  for (const record of xmlRecords(text, COMMAND, 'Job')) {
    const get = jsonAttributes(record);
    const id = get('Job_Id')?.trim() ?? '';
    const job = jobFromAttributes(id, get, reading);
    if (typeof job === 'string') throw new ParseError(COMMAND, id === '' ? 0 : lineOf(text, `<Job_Id>${id}`), job);
    server ??= get('server')?.trim() || null;
    jobs.push(job);
  }
  return { scheduler: { kind: 'pbs', flavour: reading.flavour, ...(server ? { server } : {}) }, jobs, warnings };
}
