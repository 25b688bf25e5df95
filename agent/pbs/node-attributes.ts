/**
 * One node's pbsnodes attributes (text, JSON or XML, named as in the text) to a protocol Node.
 *
 * Decisions (FORMATS.md §4):
 * - cores: Torque `np`; PBS Pro `resources_available.ncpus` (what the scheduler hands out), else
 *   `pcpus`; a vnode with neither (the natural vnode of a multi-vnode host) has 0;
 * - cores used: PBS Pro `resources_assigned.ncpus`; else the jobs list: Torque `slot/ID` entries
 *   (`0/ID, 1/ID`, ranges `0-35/ID`) count their slots, PBS Pro `ID/slot` entries count one each;
 * - GPUs: Torque `gpus`, PBS Pro `resources_available.ngpus`; GPUs used only where PBS Pro
 *   assigns `ngpus` (Torque's pbsnodes does not say);
 * - memory: `resources_available.mem`, else Torque's `physmem` from the status string (read by its
 *   key: the status string is not safely comma-splittable);
 * - properties: Torque `properties`; PBS Pro `resources_available.Qlist` and `partition`;
 * - comment: PBS Pro `comment`, Torque `note`.
 */
import type { Node } from '../../protocol/model.ts';
import { readNodeStates, refineByUsage } from '../units/node-state.ts';
import { parseSize } from '../units/size.ts';
import { slotListCores } from './exec-host.ts';

export type NodeGetter = (name: string) => string | undefined;

/** Every attribute the conversion reads. */
export const NODE_ATTRIBUTES: ReadonlySet<string> = new Set([
  'state',
  'np',
  'pcpus',
  'resources_available.ncpus',
  'resources_available.ngpus',
  'resources_available.mem',
  'resources_available.Qlist',
  'resources_assigned.ncpus',
  'resources_assigned.ngpus',
  'partition',
  'jobs',
  'gpus',
  'properties',
  'status',
  'comment',
  'note',
]);

function count(value: string | undefined): number | null {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return null;
  return Number(value);
}

const TORQUE_JOB_SLOTS = /(\d[\d,-]*)\/([^\s,]+)/g;

/** Cores in use from a jobs list, by either flavour's form. */
export function coresInJobsList(jobs: string): number {
  const text = jobs.trim();
  if (text === '') return 0;
  const firstSlash = text.indexOf('/');
  if (firstSlash > 0 && /^[\d,-]+$/.test(text.slice(0, firstSlash))) {
    let cores = 0;
    for (const match of text.matchAll(TORQUE_JOB_SLOTS)) cores += slotListCores(match[1]!) ?? 1;
    return cores;
  }
  // PBS Pro: `ID/slot` entries (or bare ids in JSON), one core each.
  return text.split(',').filter((entry) => entry.trim() !== '').length;
}

/** A value from Torque's status string (`…,physmem=32941056kb,…`), by its key. */
function statusValue(status: string, key: string): string | undefined {
  const at = status.startsWith(`${key}=`) ? 0 : status.indexOf(`,${key}=`);
  if (at < 0) return undefined;
  const start = at + key.length + (at === 0 ? 1 : 2);
  const end = status.indexOf(',', start);
  return status.slice(start, end < 0 ? undefined : end);
}

function list(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** The Node, or the reason the attributes cannot make one. */
export function nodeFromAttributes(name: string, get: NodeGetter, warnings: string[]): Node | string {
  const stateText = get('state');
  if (stateText === undefined || stateText.trim() === '') return `node ${name} has no state`;
  const cores = count(get('np')) ?? count(get('resources_available.ncpus')) ?? count(get('pcpus')) ?? 0;
  const assigned = count(get('resources_assigned.ncpus'));
  const jobs = get('jobs');
  const coresUsed = assigned ?? (jobs === undefined ? 0 : coresInJobsList(jobs));
  const words = readNodeStates(stateText);
  if (words.unknownWords.length > 0) warnings.push(`node ${name}: unknown state word(s) ${words.unknownWords.join(', ')}`);
  const status = get('status');
  const memory = parseSize(get('resources_available.mem') ?? '') ?? (status ? parseSize(statusValue(status, 'physmem') ?? '') : null);
  const properties = [...list(get('properties')), ...list(get('resources_available.Qlist')), ...list(get('partition'))];
  return {
    name,
    states: refineByUsage(words, cores, coresUsed),
    cores,
    coresUsed,
    gpus: count(get('gpus')) ?? count(get('resources_available.ngpus')) ?? 0,
    gpusUsed: count(get('resources_assigned.ngpus')) ?? 0,
    memoryBytes: memory,
    properties,
    comment: (get('comment') ?? get('note'))?.trim() || null,
  };
}
