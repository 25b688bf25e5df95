/**
 * `qstat -f` text (also `qstat -f -t`, `qstat -fx`, Torque and PBS Pro/OpenPBS) to jobs.
 * The record grammar is in attribute-text.ts; the attribute meanings in job-attributes.ts.
 */
import type { Job } from '../../protocol/model.ts';
import { ParseError, type ParseContext, type ParsedOutput } from '../parse-result.ts';
import { scanAttributeRecords } from './attribute-text.ts';
import { clockOf } from './context.ts';
import { flavourFromOutput } from './flavour.ts';
import { JOB_ATTRIBUTES, jobFromAttributes, type JobReading } from './job-attributes.ts';

const COMMAND = 'qstat -f';

export function parseQstatFullText(text: string, context: ParseContext): ParsedOutput {
  const warnings: string[] = [];
  const flavour = context.flavour ?? flavourFromOutput(text);
  const reading: JobReading = { flavour: flavour ?? 'pbspro', clock: clockOf(context, warnings), warnings };
  const jobs: Job[] = [];
  let server: string | null = null;

  const report = scanAttributeRecords(text, { headerPrefix: 'Job Id: ', wanted: JOB_ATTRIBUTES, reuseRecord: true }, (record) => {
    const attributes = record.attributes;
    const job = jobFromAttributes(record.name, (name) => attributes.get(name), reading);
    if (typeof job === 'string') throw new ParseError(COMMAND, record.line, job);
    server ??= attributes.get('server')?.trim() || null;
    jobs.push(job);
  });

  if (report.records === 0 && report.strayLineCount > 0) {
    throw new ParseError(COMMAND, report.strayLines[0]!, 'no "Job Id:" record in the output');
  }
  if (report.strayLineCount > 0) {
    warnings.push(`${report.strayLineCount} line(s) outside any job record ignored (first at line ${report.strayLines[0]})`);
  }
  return { scheduler: { kind: 'pbs', ...(flavour ? { flavour } : {}), ...(server ? { server } : {}) }, jobs, warnings };
}
