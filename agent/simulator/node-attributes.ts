/**
 * A synthetic node as `pbsnodes -a` lists it. PBS Pro: `Mom`, `pcpus`, `jobs = id/slot, …` (one
 * entry per core), `resources_available.*` / `resources_assigned.*`, states `free` (also when
 * partly used), `job-busy`, `job-exclusive`, `down`, `offline`. Torque: `np`, `properties`,
 * `jobs = 0-15/id,16-23/id` (Torque 5+) or `0/id, 1/id` (Torque 2-4), the `status` string with
 * its commas inside parentheses and spaces inside values, `gpus`, `note`.
 */
import type { Job, Node } from '../../protocol/model.ts';
import type { AttributeList } from './attribute-list.ts';
import { idHash, jobSessionId, resourcesUsed } from './job-details.ts';
import type { Assignment } from './node-assignments.ts';
import { formatCtime, formatKb } from './pbs-time.ts';
import type { RenderContext } from './render-context.ts';

function isDown(node: Node): boolean {
  return node.states.includes('down');
}

function isOffline(node: Node): boolean {
  return node.states.includes('offline');
}

function coresAssigned(assigned: readonly Assignment[]): number {
  return assigned.reduce((sum, a) => sum + a.cores, 0);
}

function pbsproState(node: Node, assigned: readonly Assignment[]): string {
  if (isDown(node) && isOffline(node)) return 'down,offline';
  if (isDown(node)) return 'down';
  if (isOffline(node)) return 'offline';
  const used = coresAssigned(assigned);
  if (used < node.cores) return 'free';
  return assigned.length === 1 && assigned[0]!.exclusive ? 'job-exclusive' : 'job-busy';
}

export function pbsproNodeAttributes(node: Node, assigned: readonly Assignment[], context: RenderContext, form: 'text' | 'json'): AttributeList {
  const { cluster } = context;
  const h = idHash(node.name);
  const a: AttributeList = [
    ['Mom', `${node.name}.${cluster.options.name}.cluster`],
    ['ntype', 'PBS'],
    ['state', pbsproState(node, assigned)],
    ['pcpus', node.cores],
  ];
  if (assigned.length > 0) {
    if (form === 'json') {
      a.push(['jobs', { items: assigned.map((job) => job.jobId), separator: ', ' }]);
    } else {
      const entries: string[] = [];
      for (const job of assigned) for (let s = 0; s < job.cores; s++) entries.push(`${job.jobId}/${job.firstSlot + s}`);
      a.push(['jobs', { items: entries, separator: ', ' }]);
    }
  }
  const memory = node.memoryBytes ?? 0;
  a.push(['resources_available.arch', 'linux'], ['resources_available.host', node.name]);
  a.push(['resources_available.mem', formatKb(memory)], ['resources_available.ncpus', node.cores]);
  if (node.gpus > 0) a.push(['resources_available.ngpus', node.gpus]);
  a.push(['resources_available.vnode', node.name]);
  const usedCores = coresAssigned(assigned);
  a.push(
    ['resources_assigned.accelerator_memory', '0kb'],
    ['resources_assigned.hbmem', '0kb'],
    ['resources_assigned.mem', formatKb(Math.round((memory * usedCores) / Math.max(1, node.cores) / 2 ** 20) * 2 ** 20)],
    ['resources_assigned.naccelerators', 0],
    ['resources_assigned.ncpus', usedCores],
  );
  if (node.gpus > 0) a.push(['resources_assigned.ngpus', assigned.reduce((sum, job) => sum + job.gpus, 0)]);
  a.push(['resources_assigned.vmem', '0kb']);
  if (node.comment !== null) a.push(['comment', node.comment]);
  a.push(['resv_enable', 'True'], ['sharing', 'default_shared']);
  const changed = cluster.time - 3600 * (1 + (h % 200));
  a.push(['last_state_change_time', form === 'json' ? changed : formatCtime(changed, context.timeZone)]);
  if (assigned.length > 0) a.push(['last_used_time', form === 'json' ? cluster.time - (h % 600) : formatCtime(cluster.time - (h % 600), context.timeZone)]);
  return a;
}

function torqueState(node: Node, assigned: readonly Assignment[]): string {
  if (isDown(node) && isOffline(node)) return 'down,offline';
  if (isDown(node)) return 'down';
  if (isOffline(node)) return 'offline';
  return coresAssigned(assigned) >= node.cores ? 'job-exclusive' : 'free';
}

/** The job's usage on this node as the MOM reports it: its share of what qstat shows for the job. */
function jobStatusOf(id: string, coresHere: number, jobs: ReadonlyMap<string, Job>, now: number): string {
  const job = jobs.get(id);
  const used = job ? resourcesUsed(job, now) : { cput: 0, memBytes: 0, vmemBytes: 0, walltime: 0 };
  const share = job ? coresHere / job.cores : 1;
  const kb = (bytes: number) => Math.round((bytes * share) / 1024);
  return `${id}(cput=${Math.round(used.cput * share)},energy_used=0,mem=${kb(used.memBytes)}kb,vmem=${kb(used.vmemBytes)}kb,walltime=${used.walltime},session_id=${jobSessionId(id)})`;
}

function torqueStatus(node: Node, assigned: readonly Assignment[], jobs: ReadonlyMap<string, Job>, context: RenderContext): string {
  const { cluster } = context;
  const h = idHash(node.name);
  const used = coresAssigned(assigned);
  const memoryKb = Math.round((node.memoryBytes ?? 0) / 1024);
  const sessions = assigned.map((job) => jobSessionId(job.jobId));
  const jobStatus = assigned.map((job) => jobStatusOf(job.jobId, job.cores, jobs, cluster.time)).join(' ');
  const fields = [
    `rectime=${cluster.time - (h % 45)}`,
    `macaddr=02:42:${((h >>> 24) & 0xff).toString(16).padStart(2, '0')}:${((h >>> 16) & 0xff).toString(16).padStart(2, '0')}:${((h >>> 8) & 0xff).toString(16).padStart(2, '0')}:${(h & 0xff).toString(16).padStart(2, '0')}`,
    'cpuclock=Fixed',
    'varattr=',
    `jobs=${jobStatus}`,
    'state=free',
    `netload=${(h % 9_000_000) * 1000 + 123_456}`,
    'gres=',
    `loadave=${used.toFixed(2)}`,
    `ncpus=${node.cores}`,
    `physmem=${memoryKb}kb`,
    `availmem=${memoryKb - Math.round((memoryKb * used) / (2 * node.cores))}kb`,
    `totmem=${memoryKb + 4_194_300}kb`,
    `idletime=${h % 2_000_000}`,
    `nusers=${new Set(assigned.map((job) => jobs.get(job.jobId)?.user)).size}`,
    `nsessions=${sessions.length}`,
    sessions.length > 0 ? `sessions=${sessions.join(' ')}` : 'sessions=? 0',
    `uname=Linux ${node.name} 3.10.0-1160.90.1.el7.x86_64 #1 SMP Thu May 4 15:21:22 UTC 2023 x86_64`,
    'opsys=linux',
  ];
  return fields.join(',');
}

export function torqueNodeAttributes(node: Node, assigned: readonly Assignment[], jobs: ReadonlyMap<string, Job>, context: RenderContext): AttributeList {
  const a: AttributeList = [
    ['state', torqueState(node, assigned)],
    ['power_state', 'Running'],
    ['np', node.cores],
    ['properties', node.properties.join(',')],
    ['ntype', 'cluster'],
  ];
  if (assigned.length > 0) {
    const entries =
      context.torqueExecHost === 'ranges'
        ? assigned.map((job) => (job.cores === 1 ? `${job.firstSlot}/${job.jobId}` : `${job.firstSlot}-${job.firstSlot + job.cores - 1}/${job.jobId}`))
        : assigned.flatMap((job) => Array.from({ length: job.cores }, (_, s) => `${job.firstSlot + s}/${job.jobId}`));
    a.push(['jobs', { items: entries, separator: context.torqueExecHost === 'ranges' ? ',' : ', ' }]);
  }
  // A node that is down sends no status.
  if (!isDown(node)) a.push(['status', torqueStatus(node, assigned, jobs, context)]);
  a.push(['mom_service_port', 15002], ['mom_manager_port', 15003]);
  if (node.gpus > 0) a.push(['gpus', node.gpus]);
  if (node.comment !== null) a.push(['note', node.comment]);
  return a;
}
