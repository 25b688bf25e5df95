/**
 * One queue's `qstat -Q -f` attributes (text or JSON, named as in the text) to a protocol Queue.
 *
 * - kind from queue_type (`Execution`/`E`, `Route`/`R`);
 * - job counts from state_count (`Transit:0 Queued:3 Held:0 Waiting:-3 Running:0 Exiting:0 Begun:0 `,
 *   trailing space and all). `Begun` counts PBS Pro array parents, which never count, so it is left
 *   out; a negative count (a Torque bookkeeping bug) is read as 0 and reported;
 * - limits: every `max_*`, `resources_max.*` (but walltime, which is walltimeMax), `resources_min.*`
 *   and `max_*_res.*` attribute, as printed; multi-valued ones (duplicate JSON keys) joined by ','.
 */
import { emptyJobCounts, type JobCounts, type JobState, type Queue } from '../../protocol/model.ts';
import { parsePbsDuration } from '../units/duration.ts';

const COUNT_NAMES: Record<string, JobState | null> = {
  transit: 'transit',
  queued: 'queued',
  held: 'held',
  waiting: 'waiting',
  running: 'running',
  exiting: 'exiting',
  complete: 'completed',
  completed: 'completed',
  begun: null,
};

export function readStateCount(text: string, where: string, warnings: string[]): JobCounts {
  const counts = emptyJobCounts();
  for (const pair of text.trim().split(/\s+/)) {
    if (pair === '') continue;
    const match = /^([A-Za-z]+):(-?\d+)$/.exec(pair);
    if (!match) {
      warnings.push(`${where}: state_count entry '${pair}' not understood`);
      continue;
    }
    const state = COUNT_NAMES[match[1]!.toLowerCase()];
    if (state === undefined) {
      warnings.push(`${where}: state_count entry '${pair}' not understood`);
      continue;
    }
    if (state === null) continue;
    let value = Number(match[2]);
    if (value < 0) {
      warnings.push(`${where}: negative count ${pair} read as 0`);
      value = 0;
    }
    counts[state] += value;
  }
  return counts;
}

function isLimit(name: string): boolean {
  if (name === 'resources_max.walltime') return false;
  return name.startsWith('max_') || name.startsWith('resources_max.') || name.startsWith('resources_min.');
}

function truth(value: string | undefined): boolean {
  return value !== undefined && /^(true|t|1|yes)$/i.test(value.trim());
}

/** The Queue, or the reason the attributes cannot make one. */
export function queueFromAttributes(name: string, attributes: ReadonlyMap<string, string>, warnings: string[]): Queue | string {
  const type = attributes.get('queue_type')?.trim();
  if (type === undefined) return `queue ${name} has no queue_type`;
  const kind = /^r/i.test(type) ? 'route' : /^e/i.test(type) ? 'execution' : null;
  if (kind === null) return `queue ${name}: unknown queue_type '${type}'`;
  const walltime = attributes.get('resources_max.walltime');
  const walltimeMax = walltime === undefined ? null : parsePbsDuration(walltime);
  if (walltime !== undefined && walltimeMax === null) warnings.push(`queue ${name}: resources_max.walltime '${walltime}' not understood`);
  const priority = attributes.get('Priority') ?? attributes.get('priority');
  const limits: Record<string, string> = {};
  for (const [key, value] of attributes) if (isLimit(key)) limits[key] = value.trim();
  const stateCount = attributes.get('state_count');
  return {
    name,
    kind,
    enabled: truth(attributes.get('enabled')),
    started: truth(attributes.get('started')),
    jobs: stateCount === undefined ? emptyJobCounts() : readStateCount(stateCount, `queue ${name}`, warnings),
    walltimeMax,
    priority: priority !== undefined && /^\s*-?\d+\s*$/.test(priority) ? Number(priority) : null,
    limits,
  };
}
