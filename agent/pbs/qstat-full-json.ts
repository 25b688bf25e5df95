/**
 * `qstat -f -F json` (also `-x`, `-t`) to jobs. PBS Pro / OpenPBS only; the JSON is read leniently
 * (pbs-json.ts). No `Jobs` key means no jobs (PBS omits it).
 */
import type { Job } from '../../protocol/model.ts';
import { ParseError, type ParseContext, type ParsedOutput } from '../parse-result.ts';
import { clockOf } from './context.ts';
import { flavourFromVersion } from './flavour.ts';
import { isJsonObject, jsonAttributes, jsonText, lineOfKey } from './json-attributes.ts';
import { jobFromAttributes, type JobReading } from './job-attributes.ts';
import { parsePbsJson } from './pbs-json.ts';

const COMMAND = 'qstat -f -F json';

export function parseQstatFullJson(text: string, context: ParseContext): ParsedOutput {
  const { value: root, warnings } = parsePbsJson(text, COMMAND);
  const version = jsonText(root.pbs_version) ?? null;
  const server = jsonText(root.pbs_server) ?? null;
  if (version === null && server === null && root.Jobs === undefined) {
    throw new ParseError(COMMAND, 1, 'JSON without pbs_version, pbs_server or Jobs: not qstat output');
  }
  const flavour = context.flavour ?? (version ? flavourFromVersion(version) : null) ?? 'pbspro';
  const reading: JobReading = { flavour, clock: clockOf(context, warnings), warnings };
  const jobs: Job[] = [];
  if (root.Jobs !== undefined) {
    if (!isJsonObject(root.Jobs)) throw new ParseError(COMMAND, lineOfKey(text, 'Jobs'), '"Jobs" is not an object');
    for (const [id, record] of Object.entries(root.Jobs)) {
      if (!isJsonObject(record)) throw new ParseError(COMMAND, lineOfKey(text, id), `job ${id} is not an object`);
      const job = jobFromAttributes(id, jsonAttributes(record), reading);
      if (typeof job === 'string') throw new ParseError(COMMAND, lineOfKey(text, id), job);
      jobs.push(job);
    }
  }
  return {
    scheduler: { kind: 'pbs', flavour, ...(version ? { version } : {}), ...(server ? { server } : {}) },
    jobs,
    warnings,
  };
}
