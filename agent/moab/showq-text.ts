/**
 * Plain `showq` (Maui and Moab), FORMATS.md §7. Sections by header: `ACTIVE JOBS---` /
 * `active jobs---`, `IDLE JOBS` / `eligible jobs`, `BLOCKED JOBS` / `blocked jobs`; rows
 * `ID USER STATE PROCS DURATION Weekday Month Day HH:MM:SS` (a start time in the active section,
 * a queue time elsewhere, both without a year); summary lines, shell prompts and blank lines in
 * between are skipped. Active rows give REMAINING, the others WCLIMIT.
 * Blocked jobs are marked in the comment (`blocked`), since Moab will not start them as they are.
 */
import type { Job } from '../../protocol/model.ts';
import { ParseError, type ParseContext, type ParsedOutput } from '../parse-result.ts';
import { clockOf } from '../pbs/context.ts';
import { parseClockTime } from '../units/clock-time.ts';
import { parseMoabDuration } from '../units/duration.ts';
import { moabJob } from './moab-job.ts';

const COMMAND = 'showq';
const SECTION = /^\s*(active|idle|eligible|blocked|completed)\s+jobs-+\s*$/i;
const ROW = /^\s*(\S+)\s+(\S+)\s+([A-Za-z]+)\s+(\d+)\s+(-?[\d:]+)\s+([A-Za-z]{3}\s+[A-Za-z]{3}\s+\d{1,2}\s+\d{1,2}:\d{2}:\d{2})\s*$/;
const COLUMN_HEADER = /^\s*(JOBNAME|JOBID)\s+USERNAME\s+STATE\s+PROCS?\b/;

export function parseShowqText(text: string, context: ParseContext): ParsedOutput {
  const warnings: string[] = [];
  const clock = clockOf(context, warnings);
  const jobs: Job[] = [];
  let section: string | null = null;
  let sections = 0;
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.replace(/\r$/, '');
    const header = SECTION.exec(line);
    if (header) {
      section = header[1]!.toLowerCase();
      sections++;
      continue;
    }
    if (section === null || COLUMN_HEADER.test(line)) continue;
    const row = ROW.exec(line);
    if (!row) {
      if (/^\s*\d+\s+[a-z]/i.test(line) && /\s\d{1,2}:\d{2}:\d{2}\s*$/.test(line)) {
        throw new ParseError(COMMAND, index + 1, 'job row not understood');
      }
      continue; // summary lines, blank lines, prompts
    }
    const [, id, user, stateWord, procs, duration, when] = row;
    const active = section === 'active';
    const time = parseClockTime(when!, clock, context.now);
    const seconds = parseMoabDuration(duration!);
    jobs.push(
      moabJob(
        {
          id: id!,
          user: user!,
          stateWord: stateWord!,
          cores: Number(procs),
          walltimeLimit: active ? null : seconds,
          submittedAt: active ? null : time,
          startedAt: active ? time : null,
          comment: section === 'blocked' ? 'blocked' : null,
        },
        warnings,
      ),
    );
  }
  if (sections === 0) throw new ParseError(COMMAND, text.trim() === '' ? 0 : 1, 'no "active jobs" section: not showq output');
  return { scheduler: { kind: 'moab' }, jobs, warnings };
}
