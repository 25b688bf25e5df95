/**
 * A synthetic job as PBS Professional / OpenPBS lists it in `qstat -f` (and, the same attributes,
 * in `qstat -f -F json`): attribute order, `exec_host` as `host/slot*ncpus`, `exec_vnode` chunks,
 * `Resource_List.select`, array attributes, `estimated.start_time`, comments.
 */
import type { Job } from '../../protocol/model.ts';
import type { ArraySummary } from './array-summary.ts';
import { indexRanges } from './array-summary.ts';
import type { AttributeList } from './attribute-list.ts';
import { jobDetails, resourcesUsed } from './job-details.ts';
import { formatCtime, formatDuration, formatKb, formatRequestSize } from './pbs-time.ts';
import type { RenderContext, SlotCounter } from './render-context.ts';

const SUBSTATE: Record<string, number> = { Q: 10, H: 20, W: 30, T: 0, R: 42, S: 43, E: 50, B: 10 };

/** How a job asks for cores: one chunk up to a node's width, whole nodes beyond. */
export function selectChunks(job: Job, nodeWidth: number): { chunks: number; ncpus: number } {
  if (job.cores <= nodeWidth) return { chunks: 1, ncpus: job.cores };
  const chunks = Math.ceil(job.cores / nodeWidth);
  return { chunks, ncpus: Math.ceil(job.cores / chunks) };
}

export function pbsproJobAttributes(
  job: Job,
  context: RenderContext,
  slots: SlotCounter,
  arrays: ReadonlyMap<string, ArraySummary>,
): AttributeList {
  const { cluster, timeZone } = context;
  const server = cluster.options.server;
  const details = jobDetails(job, server);
  const time = (epoch: number) => formatCtime(epoch, timeZone);
  const number = job.id.slice(0, job.id.indexOf('.'));
  const holdsCores = job.state === 'running' || job.state === 'exiting' || job.state === 'suspended';
  const array = job.isArrayParent ? arrays.get(job.id) : undefined;
  const rawState = job.isArrayParent && array && array.running + array.exiting > 0 ? 'B' : job.rawState;
  const a: AttributeList = [];

  a.push(['Job_Name', job.name], ['Job_Owner', `${job.user}@${details.submitHost}.${server}`]);
  if (holdsCores && !job.isArrayParent) {
    const used = resourcesUsed(job, cluster.time);
    a.push(
      ['resources_used.cpupercent', used.cpupercent],
      ['resources_used.cput', formatDuration(used.cput)],
      ['resources_used.mem', formatKb(used.memBytes)],
      ['resources_used.ncpus', job.cores],
      ['resources_used.vmem', formatKb(used.vmemBytes)],
      ['resources_used.walltime', formatDuration(used.walltime)],
    );
  }
  a.push(['job_state', rawState], ['queue', job.queue], ['server', server]);
  if (job.account) a.push(['Account_Name', job.account]);
  a.push(['Checkpoint', 'u']);
  if (job.submittedAt !== null) a.push(['ctime', time(job.submittedAt)]);
  a.push(['Error_Path', `${details.submitHost}.${server}:${details.workdir}/${job.name}.e${number}`]);

  const placement = cluster.placementOf(job.id);
  if (holdsCores && placement.length > 0) {
    const hosts: string[] = [];
    const vnodes: string[] = [];
    const memPerCore = (job.memoryBytes ?? 0) / job.cores;
    for (const chunk of placement) {
      const name = cluster.nodes[chunk.node]!.name;
      const slot = slots.take(chunk.node, chunk.cores);
      hosts.push(chunk.cores === 1 ? `${name}/${slot}` : `${name}/${slot}*${chunk.cores}`);
      let vnode = `(${name}:ncpus=${chunk.cores}`;
      if (chunk.gpus > 0) vnode += `:ngpus=${chunk.gpus}`;
      if (memPerCore > 0) vnode += `:mem=${formatKb(memPerCore * chunk.cores)}`;
      vnodes.push(`${vnode})`);
    }
    a.push(['exec_host', hosts.join('+')], ['exec_vnode', vnodes.join('+')]);
  }

  a.push(
    ['Hold_Types', job.state === 'held' ? 'u' : 'n'],
    ['Join_Path', 'oe'],
    ['Keep_Files', 'n'],
    ['Mail_Points', 'a'],
    ['mtime', time(job.startedAt ?? job.submittedAt ?? cluster.time)],
    ['Output_Path', `${details.submitHost}.${server}:${details.workdir}/${job.name}.o${number}`],
    ['Priority', 0],
  );
  if (job.submittedAt !== null) a.push(['qtime', time(job.submittedAt)]);
  a.push(['Rerunable', 'False']);

  const { chunks, ncpus } = selectChunks(job, job.gpus > 0 ? 32 : 48);
  if (job.memoryBytes !== null) a.push(['Resource_List.mem', formatRequestSize(job.memoryBytes)]);
  a.push(['Resource_List.mpiprocs', chunks * ncpus], ['Resource_List.ncpus', job.cores]);
  if (job.gpus > 0) a.push(['Resource_List.ngpus', job.gpus]);
  a.push(['Resource_List.nodect', chunks], ['Resource_List.place', chunks > 1 ? 'scatter:excl' : 'pack']);
  let select = `${chunks}:ncpus=${ncpus}:mpiprocs=${ncpus}`;
  if (job.gpus > 0) select += `:ngpus=${job.gpus}`;
  a.push(['Resource_List.select', select]);
  if (job.walltimeLimit !== null) a.push(['Resource_List.walltime', formatDuration(job.walltimeLimit)]);

  if (holdsCores && job.startedAt !== null && !job.isArrayParent) {
    a.push(['stime', time(job.startedAt)], ['session_id', details.sessionId], ['jobdir', `/home/${job.user}`]);
  }
  a.push(['substate', SUBSTATE[rawState] ?? 10]);
  a.push(['Variable_List', { variables: details.environment }]);
  a.push(['euser', job.user]);
  if (job.group !== null) a.push(['egroup', job.group]);
  if (job.comment !== null) a.push(['comment', job.comment]);
  if (job.state !== 'held' && job.submittedAt !== null) a.push(['etime', time(job.submittedAt)]);
  if (holdsCores) a.push(['run_count', 1]);
  if (job.estimatedStart !== null) a.push(['estimated.start_time', time(job.estimatedStart)]);
  a.push(['Submit_arguments', job.isArrayParent && array ? `-J 1-${array.submitted} ${details.script}` : details.script]);
  a.push(['project', '_pbs_project_default'], ['Submit_Host', `${details.submitHost}.${server}`]);

  if (job.isArrayParent) {
    a.push(['array', 'True']);
    if (array) {
      const expired = array.submitted - array.queued.length - array.running - array.exiting;
      a.push(
        ['array_state_count', `Queued:${array.queued.length} Running:${array.running} Exiting:${array.exiting} Expired:${expired} `],
        ['array_indices_submitted', `1-${array.submitted}`],
      );
      if (array.queued.length > 0) a.push(['array_indices_remaining', indexRanges(array.queued)]);
    }
  } else if (job.arrayParent !== null) {
    a.push(['array_id', job.arrayParent], ['array_index', job.arrayIndex ?? 0]);
  }
  return a;
}
