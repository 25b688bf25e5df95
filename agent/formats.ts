/**
 * The registry of scheduler outputs the agent reads: one name per format, the command that prints
 * it, and its parser. `parseOutput(text, name | 'auto', context)` is what the collector and
 * `webstat-agent parse --format` call.
 */
import { detectFormat } from './detect-format.ts';
import { parseCheckjob } from './moab/checkjob.ts';
import { parseShowqText } from './moab/showq-text.ts';
import { parseShowqXml } from './moab/showq-xml.ts';
import { ParseError, type ParseContext, type ParsedOutput } from './parse-result.ts';
import { parsePbsnodesJson } from './pbs/pbsnodes-json.ts';
import { parsePbsnodesText } from './pbs/pbsnodes-text.ts';
import { parsePbsnodesXml } from './pbs/pbsnodes-xml.ts';
import { parseQstatFullJson } from './pbs/qstat-full-json.ts';
import { parseQstatFullText } from './pbs/qstat-full-text.ts';
import { parseQstatQueuesJson } from './pbs/qstat-queues-json.ts';
import { parseQstatQueuesText } from './pbs/qstat-queues-text.ts';
import { parseQstatServerJson, parseQstatServerText } from './pbs/qstat-server.ts';
import { parseQstatXml } from './pbs/qstat-xml.ts';
import { SLURM_FORMAT_NAMES, SLURM_FORMATS } from './slurm/slurm-formats.ts';

export const FORMAT_NAMES = [
  'qstat-f',
  'qstat-f-json',
  'qstat-x',
  'pbsnodes-a',
  'pbsnodes-json',
  'pbsnodes-x',
  'qstat-Q-f',
  'qstat-Q-f-json',
  'qstat-B-f',
  'qstat-B-f-json',
  'showq-xml',
  'showq',
  'checkjob',
  ...SLURM_FORMAT_NAMES,
] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

export interface OutputFormat {
  name: FormatName;
  /** The command that prints it (add `-t` to qstat for array subjobs, `-x` for history). */
  command: string;
  /** What the parser returns: jobs, nodes, queues or scheduler info. */
  gives: 'jobs' | 'nodes' | 'queues' | 'scheduler';
  parse: (text: string, context: ParseContext) => ParsedOutput;
}

export const FORMATS: Readonly<Record<FormatName, OutputFormat>> = {
  'qstat-f': { name: 'qstat-f', command: 'qstat -f -t', gives: 'jobs', parse: parseQstatFullText },
  'qstat-f-json': { name: 'qstat-f-json', command: 'qstat -f -t -F json', gives: 'jobs', parse: parseQstatFullJson },
  'qstat-x': { name: 'qstat-x', command: 'qstat -x -t', gives: 'jobs', parse: parseQstatXml },
  'pbsnodes-a': { name: 'pbsnodes-a', command: 'pbsnodes -a', gives: 'nodes', parse: parsePbsnodesText },
  'pbsnodes-json': { name: 'pbsnodes-json', command: 'pbsnodes -a -F json', gives: 'nodes', parse: parsePbsnodesJson },
  'pbsnodes-x': { name: 'pbsnodes-x', command: 'pbsnodes -x', gives: 'nodes', parse: parsePbsnodesXml },
  'qstat-Q-f': { name: 'qstat-Q-f', command: 'qstat -Q -f', gives: 'queues', parse: parseQstatQueuesText },
  'qstat-Q-f-json': { name: 'qstat-Q-f-json', command: 'qstat -Q -f -F json', gives: 'queues', parse: parseQstatQueuesJson },
  'qstat-B-f': { name: 'qstat-B-f', command: 'qstat -B -f', gives: 'scheduler', parse: parseQstatServerText },
  'qstat-B-f-json': { name: 'qstat-B-f-json', command: 'qstat -B -f -F json', gives: 'scheduler', parse: parseQstatServerJson },
  'showq-xml': { name: 'showq-xml', command: 'showq --xml', gives: 'jobs', parse: parseShowqXml },
  showq: { name: 'showq', command: 'showq', gives: 'jobs', parse: parseShowqText },
  checkjob: { name: 'checkjob', command: 'checkjob -v', gives: 'jobs', parse: parseCheckjob },
  ...SLURM_FORMATS,
};

export function isFormatName(name: string): name is FormatName {
  return (FORMAT_NAMES as readonly string[]).includes(name);
}

/**
 * Parses `text` as `format`, or as the detected format with 'auto'. Throws ParseError only: an
 * unexpected exception inside a parser is turned into one (and is a bug to fix), so one bad output
 * never takes the agent down.
 */
export function parseOutput(text: string, format: FormatName | 'auto', context: ParseContext): ParsedOutput & { format: FormatName } {
  const name = format === 'auto' ? detectFormat(text) : format;
  if (name === null) throw new ParseError('auto', 0, 'output format not recognised (give --format)');
  const spec = FORMATS[name];
  try {
    return { ...spec.parse(text, context), format: name };
  } catch (error) {
    if (error instanceof ParseError) throw error;
    throw new ParseError(spec.command, 0, `parser failed: ${(error as Error)?.message ?? String(error)}`);
  }
}
