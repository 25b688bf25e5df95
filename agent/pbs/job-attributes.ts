/**
 * One PBS job's attributes (from `qstat -f` text, `-F json` or Torque `qstat -x` XML, all named
 * as in the text: `Resource_List.ncpus`) to a protocol Job.
 *
 * Decisions (FORMATS.md §1–2, DESIGN.md "The model"):
 * - user is Job_Owner up to `@`; group is egroup, else the first entry of group_list; account is
 *   Account_Name, else the PBS Pro project unless it is the placeholder `_pbs_project_default`;
 * - cores: a job that holds or held resources (running, exiting, suspended, completed) counts its
 *   placement (exec_vnode sums, else exec_host); a job not placed counts its request (PBS Pro:
 *   Resource_List.ncpus, select, nodes; Torque: nodes spec, procs, ncpus — Torque's ncpus can say 1
 *   beside nodes=1:ppn=4, and the nodes spec is what the scheduler allocates); a job that says
 *   nothing gets the schedulers' default of one core;
 * - an array parent (`123[]`, `array = True`) is marked, and state B is `running` for it;
 * - a state letter PBS does not define is kept as rawState, reported, and read as `held`, the one
 *   word that claims neither running nor waiting cores.
 */
import type { Job, JobState } from '../../protocol/model.ts';
import { parseClockTime, parseEpoch, type ZonedClock } from '../units/clock-time.ts';
import { parsePbsDuration } from '../units/duration.ts';
import { pbsJobState } from '../units/job-state.ts';
import { parseSize } from '../units/size.ts';
import { parseExecHost, parseExecVnode, type ExecPlacement } from './exec-host.ts';
import { arrayPartsOf } from './job-id.ts';
import { parseNodesSpec, parseSelect, type ResourceRequest } from './resource-request.ts';

export type Flavour = 'torque' | 'pbspro' | 'openpbs';

/** Every attribute the conversion reads; the text scanner keeps only these. */
export const JOB_ATTRIBUTES: ReadonlySet<string> = new Set([
  'Job_Name',
  'Job_Owner',
  'server',
  'job_state',
  'queue',
  'egroup',
  'group_list',
  'Account_Name',
  'project',
  'array',
  'exec_host',
  'exec_vnode',
  'exec_gpus',
  'Resource_List.ncpus',
  'Resource_List.select',
  'Resource_List.nodes',
  'Resource_List.procs',
  'Resource_List.ngpus',
  'Resource_List.nodect',
  'Resource_List.mem',
  'Resource_List.pmem',
  'Resource_List.walltime',
  'ctime',
  'qtime',
  'stime',
  'start_time',
  'comment',
  'estimated.start_time',
]);

export interface JobReading {
  flavour: Flavour;
  clock: ZonedClock;
  warnings: string[];
}

export type AttributeGetter = (name: string) => string | undefined;

const PLACED: ReadonlySet<JobState> = new Set(['running', 'exiting', 'suspended', 'completed']);

/** Reads a time that is either an epoch (XML, history_timestamp) or a ctime string. */
export function readTime(value: string | undefined, clock: ZonedClock): number | null {
  if (value === undefined) return null;
  return parseEpoch(value) ?? parseClockTime(value, clock);
}

function positiveInteger(value: string | undefined): number | null {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return null;
  return Number(value);
}

function requestOf(get: AttributeGetter, flavour: Flavour): ResourceRequest & { coresKnown: boolean } {
  const select = get('Resource_List.select');
  const nodesSpec = get('Resource_List.nodes');
  const selectRequest = select === undefined ? null : parseSelect(select);
  const nodesRequest = nodesSpec === undefined ? null : parseNodesSpec(nodesSpec);
  const ncpus = positiveInteger(get('Resource_List.ncpus'));
  const procs = positiveInteger(get('Resource_List.procs'));
  const ngpus = positiveInteger(get('Resource_List.ngpus'));
  // PBS Pro always has a select (its server turns nodes= into one) and Torque never has one, so
  // the job itself says whose rules apply; the flavour decides only for a job that has neither.
  const torqueRules = select === undefined && (nodesSpec !== undefined || flavour === 'torque');
  const order: Array<number | null | undefined> =
    torqueRules
      ? [nodesRequest && procs !== null ? Math.max(nodesRequest.cores, procs) : nodesRequest?.cores, procs, ncpus, selectRequest?.cores]
      : [ncpus, selectRequest?.cores, nodesRequest?.cores, procs];
  const cores = order.find((value) => value !== null && value !== undefined);
  const gpus = ngpus ?? selectRequest?.gpus ?? nodesRequest?.gpus ?? 0;
  const nodes = positiveInteger(get('Resource_List.nodect')) ?? selectRequest?.nodes ?? nodesRequest?.nodes ?? 1;
  return { cores: cores ?? 1, coresKnown: cores !== undefined, gpus, nodes, memoryBytes: selectRequest?.memoryBytes ?? null };
}

function placementOf(get: AttributeGetter, id: string, warnings: string[]): ExecPlacement | null {
  const vnode = get('exec_vnode');
  const host = get('exec_host');
  const fromVnode = vnode === undefined ? null : parseExecVnode(vnode);
  const fromHost = host === undefined ? null : parseExecHost(host);
  if (vnode !== undefined && fromVnode === null) warnings.push(`job ${id}: exec_vnode not understood: ${vnode.slice(0, 80)}`);
  if (host !== undefined && fromHost === null) warnings.push(`job ${id}: exec_host not understood: ${host.slice(0, 80)}`);
  if (fromVnode) return { cores: fromVnode.cores, gpus: fromVnode.gpus, hosts: fromHost?.hosts ?? fromVnode.hosts };
  if (fromHost) {
    const execGpus = get('exec_gpus');
    const gpus = execGpus === undefined ? null : parseExecHost(execGpus);
    return { ...fromHost, gpus: gpus?.cores ?? 0 };
  }
  return null;
}

function ownerName(owner: string): string {
  const at = owner.indexOf('@');
  return (at < 0 ? owner : owner.slice(0, at)).trim();
}

function groupOf(get: AttributeGetter): string | null {
  const egroup = get('egroup')?.trim();
  if (egroup) return egroup;
  const list = get('group_list')?.trim();
  if (!list) return null;
  const first = list.split(',')[0]!;
  const at = first.indexOf('@');
  return (at < 0 ? first : first.slice(0, at)).trim() || null;
}

function accountOf(get: AttributeGetter): string | null {
  const account = get('Account_Name')?.trim();
  if (account) return account;
  const project = get('project')?.trim();
  return project && project !== '_pbs_project_default' ? project : null;
}

/** The Job, or the reason the attributes cannot make one (the caller throws it with a line). */
export function jobFromAttributes(id: string, get: AttributeGetter, reading: JobReading): Job | string {
  const { clock, warnings } = reading;
  const name = get('Job_Name');
  const owner = get('Job_Owner');
  const letter = get('job_state')?.trim();
  const queue = get('queue')?.trim();
  if (id === '') return 'job record without an id';
  if (owner === undefined || ownerName(owner) === '') return `job ${id} has no Job_Owner`;
  if (letter === undefined || letter === '') return `job ${id} has no job_state`;
  if (queue === undefined || queue === '') return `job ${id} has no queue`;
  if (name === undefined) return `job ${id} has no Job_Name`;

  let state = pbsJobState(letter);
  if (state === null) {
    warnings.push(`job ${id}: unknown state '${letter}' read as held`);
    state = 'held';
  }
  const array = arrayPartsOf(id);
  const isArrayParent = array.isArrayParent || get('array')?.trim() === 'True';

  const request = requestOf(get, reading.flavour);
  const placement = PLACED.has(state) && !isArrayParent ? placementOf(get, id, warnings) : null;
  const memory = parseSize(get('Resource_List.mem') ?? '') ?? request.memoryBytes;
  const perCoreMemory = memory === null ? parseSize(get('Resource_List.pmem') ?? '') : null;
  const cores = placement?.cores ?? request.cores;
  const walltime = get('Resource_List.walltime');
  const started = PLACED.has(state) ? readTime(get('stime') ?? get('start_time'), clock) : null;

  return {
    id,
    arrayParent: array.arrayParent,
    arrayIndex: array.arrayIndex,
    isArrayParent,
    name: name.trim(),
    user: ownerName(owner),
    group: groupOf(get),
    account: accountOf(get),
    queue,
    state,
    rawState: letter,
    cores,
    gpus: placement && placement.gpus > 0 ? placement.gpus : request.gpus,
    nodeCount: placement?.hosts ?? request.nodes,
    memoryBytes: memory ?? (perCoreMemory === null ? null : perCoreMemory * cores),
    walltimeLimit: walltime === undefined ? null : parsePbsDuration(walltime),
    submittedAt: readTime(get('ctime') ?? get('qtime'), clock),
    startedAt: started,
    comment: get('comment')?.trim() || null,
    estimatedStart: started === null ? readTime(get('estimated.start_time'), clock) : null,
  };
}
