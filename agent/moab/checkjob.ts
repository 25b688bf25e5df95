/**
 * `checkjob [-v]` (Moab and Maui), FORMATS.md §7: a header (`job N`, `job N (RM job 'N.server')`,
 * Maui `checking job N`), then `Key: value` lines read with a small key table (one line may hold
 * several `k:v`, as `Creds:  user:x  group:y  account:z  class:q  qos:q`), `[host:procs]` lists after
 * `Allocated Nodes:`, and free-text reasons (`job cannot run in partition …`, `NOTE:`, `BLOCK MSG:`).
 * State words carry trailing spaces (`State: Running `). Several jobs' outputs may follow each other.
 *
 * Cores: the allocated `[host:procs]` sum for a started job, else tasks × PROCS per task.
 * Estimated start of a waiting job: the start of its reservation (`Reservation 'N' (00:10:00 -> …`),
 * relative to the collection time.
 */
import type { Job } from '../../protocol/model.ts';
import { ParseError, type ParseContext, type ParsedOutput } from '../parse-result.ts';
import { clockOf } from '../pbs/context.ts';
import { parseClockTime, type ZonedClock } from '../units/clock-time.ts';
import { parseMoabDuration } from '../units/duration.ts';
import { moabJob } from './moab-job.ts';

const COMMAND = 'checkjob';
const HEADER = /^\s*(?:checking\s+)?job\s+(\S+?)(?:\s+\(RM job '([^']+)'\))?\s*$/;
const REASON = /^\s*(job (?:cannot|is|has|violates)\b|NOTE:|BLOCK MSG:|ERROR:|WARNING:|Message\[\d+\]|Holds?:)/i;

/** The command line itself (`$ checkjob -v 507`), the only header some copies have. */
const COMMAND_ECHO = /^(?:.*\s)?checkjob\s+(?:-\S+\s+)*(\S+)\s*$/;

interface Block {
  id: string;
  line: number;
  lines: string[];
  fromEcho: boolean;
}

function splitJobs(text: string): { blocks: Block[]; firstLine: number } {
  const blocks: Block[] = [];
  const lines = text.split('\n');
  let current: Block | null = null;
  let firstLine = 0;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.replace(/\r$/, '');
    const header = HEADER.exec(line);
    const echo = header ? null : COMMAND_ECHO.exec(line);
    if (header || echo) {
      // A real header right after the echoed command replaces it.
      if (header && current?.fromEcho && current.lines.every((seen) => seen.trim() === '')) blocks.pop();
      current = header
        ? { id: header[2] ?? header[1]!, line: index + 1, lines: [], fromEcho: false }
        : { id: echo![1]!, line: index + 1, lines: [], fromEcho: true };
      blocks.push(current);
    } else if (current) current.lines.push(line);
    else if (line.trim() !== '' && firstLine === 0) firstLine = index + 1;
  }
  return { blocks, firstLine };
}

function readBlock(block: Block, clock: ZonedClock, now: number, warnings: string[]): Job {
  const fields = new Map<string, string>();
  const reasons: string[] = [];
  let allocated = 0;
  let inNodeList = false;
  let reservationStart: number | null = null;
  for (const raw of block.lines) {
    const line = raw.trim();
    if (line === '') {
      inNodeList = false;
      continue;
    }
    if (REASON.test(line)) {
      reasons.push(line);
      continue;
    }
    const hostList = line.startsWith('[') ? line.match(/\[[^\]:]+:\d+\]/g) : null;
    if (hostList) {
      // Only the allocation counts; HostList and Reserved Nodes repeat or predict it.
      if (inNodeList) for (const entry of hostList) allocated += Number(entry.slice(entry.lastIndexOf(':') + 1, -1));
      continue;
    }
    if (/^(Allocated Nodes|HostList|Reserved Nodes|Task Distribution):/i.test(line)) {
      inNodeList = /^Allocated/i.test(line);
      continue;
    }
    const reservation = /^Reservation '[^']*' \((-?[\d:]+)\s*->/.exec(line);
    if (reservation) {
      reservationStart = parseMoabDuration(reservation[1]!);
      continue;
    }
    if (line.startsWith('Creds:')) {
      for (const pair of line.slice(6).trim().split(/\s+/)) {
        const colon = pair.indexOf(':');
        if (colon > 0) fields.set(pair.slice(0, colon).toLowerCase(), pair.slice(colon + 1));
      }
      continue;
    }
    const colon = line.indexOf(':');
    if (colon > 0) {
      const key = line.slice(0, colon).trim();
      if (!fields.has(key)) fields.set(key, line.slice(colon + 1).trim());
    }
  }
  const stateWord = fields.get('State');
  const user = fields.get('user');
  if (!stateWord) throw new ParseError(COMMAND, block.line, `job ${block.id} has no State`);
  if (!user) throw new ParseError(COMMAND, block.line, `job ${block.id} has no Creds user`);
  const tasks = Number((fields.get('Total Requested Tasks') ?? fields.get('Total Tasks') ?? '1').split(/\s+/)[0]) || 1;
  const perTask = /PROCS:\s*(\d+)/.exec(fields.get('Dedicated Resources Per Task') ?? '');
  const requested = tasks * (perTask ? Number(perTask[1]) : 1);
  const wallTime = /\bof\s+(\S+)/.exec(fields.get('WallTime') ?? '');
  const startText = fields.get('StartTime');
  const started = startText ? parseClockTime(startText, clock, now) : null;
  const nodeCount = Number(fields.get('NodeCount') ?? '');
  return moabJob(
    {
      id: block.id,
      name: fields.get('AName') ?? null,
      user,
      group: fields.get('group') ?? null,
      account: fields.get('account') ?? null,
      queue: fields.get('class') ?? null,
      stateWord,
      cores: allocated > 0 ? allocated : requested,
      nodeCount: Number.isInteger(nodeCount) && nodeCount > 0 ? nodeCount : null,
      walltimeLimit: wallTime ? parseMoabDuration(wallTime[1]!) : null,
      submittedAt: fields.get('SubmitTime') ? parseClockTime(fields.get('SubmitTime')!, clock, now) : null,
      startedAt: started,
      comment: reasons.length > 0 ? reasons.join('; ') : null,
      estimatedStart: started === null && reservationStart !== null && reservationStart > 0 ? now + reservationStart : null,
    },
    warnings,
  );
}

export function parseCheckjob(text: string, context: ParseContext): ParsedOutput {
  const warnings: string[] = [];
  const clock = clockOf(context, warnings);
  const { blocks, firstLine } = splitJobs(text);
  if (blocks.length === 0) throw new ParseError(COMMAND, firstLine, 'no "job N" header: not checkjob output');
  const jobs = blocks.map((block) => readBlock(block, clock, context.now, warnings));
  return { scheduler: { kind: 'moab' }, jobs, warnings };
}
