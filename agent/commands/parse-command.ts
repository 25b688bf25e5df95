/** `webstat-agent parse [--format auto|NAME] FILE|-`: one scheduler output to JSON. */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { AgentError } from '../agent-error.ts';
import { collectedCluster, schedulerInfo } from '../collector/collected-cluster.ts';
import { isFlavour } from '../collector/flavour.ts';
import { FORMAT_NAMES, FORMATS, isFormatName, parseOutput } from '../formats.ts';
import { isValidTimeZone } from '../units/clock-time.ts';
import { clusterJson } from './cluster-json.ts';
import { readAll, usageError, write, type CliCommand } from './cli-io.ts';

const HELP = `usage: webstat-agent parse [options] FILE|-

Reads one scheduler output (a file, or standard input for -) and prints it as JSON:
{ "scheduler": {...}, "jobs": [...], "nodes": [...], "queues": [...], "summary": {...} }
Job states are words: queued, held, waiting, running, exiting, suspended, transit, completed.

options:
  --format NAME      the output's format (default: auto, recognised from the text):
${FORMAT_NAMES.map((name) => `                       ${name.padEnd(15)} ${FORMATS[name].command}`).join('\n')}
  --flavour NAME     torque, pbspro or openpbs, when the text does not make it clear
  --time-zone ZONE   IANA zone the scheduler printed local times in (default: this machine's)
  --now EPOCH        the collection time in epoch seconds, for outputs without a year
  --compact          one line of JSON instead of an indented document
  -h, --help         this help

A text no parser can read ends with "webstat-agent: parse-error: COMMAND: line N: reason"
and exit status 1.`;

export const parseCommand: CliCommand = {
  name: 'parse',
  summary: 'parse one scheduler output (a file or -) and print it as JSON',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'auto' },
        flavour: { type: 'string' },
        'time-zone': { type: 'string' },
        now: { type: 'string' },
        compact: { type: 'boolean', default: false },
      },
    });
    if (positionals.length !== 1) throw usageError('parse wants exactly one FILE (or - for standard input)');
    const format = values.format!;
    if (format !== 'auto' && !isFormatName(format)) throw usageError(`unknown format '${format}' (known: auto, ${FORMAT_NAMES.join(', ')})`);
    if (values.flavour !== undefined && !isFlavour(values.flavour)) throw usageError(`--flavour wants torque, pbspro or openpbs, not '${values.flavour}'`);
    const zone = values['time-zone'];
    if (zone !== undefined && !isValidTimeZone(zone)) throw usageError(`--time-zone '${zone}' is not an IANA time zone`);
    const now = values.now === undefined ? Math.floor(Date.now() / 1000) : Number(values.now);
    if (!Number.isSafeInteger(now) || now < 0) throw usageError(`--now wants epoch seconds, not '${values.now}'`);

    const file = positionals[0]!;
    let text: string;
    try {
      text = file === '-' ? await readAll(io.stdin) : await readFile(file, 'utf8');
    } catch (error) {
      throw new AgentError('input-unreadable', `cannot read ${file}: ${(error as Error).message}`);
    }
    const flavour = values.flavour !== undefined && isFlavour(values.flavour) ? values.flavour : undefined;
    const parsed = parseOutput(text, format as Parameters<typeof parseOutput>[1], {
      now,
      ...(flavour ? { flavour } : {}),
      ...(zone ? { timeZone: zone } : {}),
    });
    for (const warning of parsed.warnings) io.stderr.write(`webstat-agent: warning: ${warning}\n`);
    const scheduler = schedulerInfo([parsed.scheduler, flavour ? { flavour } : {}]);
    await write(io.stdout, clusterJson(collectedCluster(scheduler, parsed), values.compact!));
    return 0;
  },
};
