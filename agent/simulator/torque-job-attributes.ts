/**
 * A synthetic job as Torque lists it in `qstat -f` (and, the same attributes, in `qstat -x`):
 * `exec_host` per core (Torque 2-4, often descending) or as ranges (Torque 5+),
 * `Resource_List.nodes = N:ppn=P`, `egroup`, `Walltime.Remaining`, array subjobs named
 * `name-index` with `job_array_id`. `qstat -t` lists subjobs only, never the parent.
 */
import type { Job } from '../../protocol/model.ts';
import type { AttributeList } from './attribute-list.ts';
import { jobDetails, resourcesUsed } from './job-details.ts';
import { formatCtime, formatDuration, formatKb, formatRequestSize } from './pbs-time.ts';
import { selectChunks } from './pbspro-job-attributes.ts';
import type { RenderContext, SlotCounter } from './render-context.ts';

/** `n1/0-15`, `n1/3` (ranges) or `n1/15+n1/14+…+n1/0` (per core). */
function execHostEntries(name: string, first: number, cores: number, style: RenderContext['torqueExecHost']): string {
  if (style === 'ranges') return cores === 1 ? `${name}/${first}` : `${name}/${first}-${first + cores - 1}`;
  const entries: string[] = [];
  for (let slot = first + cores - 1; slot >= first; slot--) entries.push(`${name}/${slot}`);
  return entries.join('+');
}

export function torqueJobAttributes(job: Job, context: RenderContext, slots: SlotCounter): AttributeList {
  const { cluster, timeZone } = context;
  const server = cluster.options.server;
  const details = jobDetails(job, server);
  const time = (epoch: number) => formatCtime(epoch, timeZone);
  const number = job.id.slice(0, job.id.indexOf('.'));
  const holdsCores = job.state === 'running' || job.state === 'exiting' || job.state === 'suspended';
  const name = job.arrayIndex !== null ? `${job.name}-${job.arrayIndex}` : job.name;
  const a: AttributeList = [];

  a.push(['Job_Name', name], ['Job_Owner', `${job.user}@${details.submitHost}`]);
  if (holdsCores) {
    const used = resourcesUsed(job, cluster.time);
    a.push(
      ['resources_used.cput', formatDuration(used.cput)],
      ['resources_used.energy_used', 0],
      ['resources_used.mem', formatKb(used.memBytes)],
      ['resources_used.vmem', formatKb(used.vmemBytes)],
      ['resources_used.walltime', formatDuration(used.walltime)],
    );
  }
  a.push(['job_state', job.rawState], ['queue', job.queue], ['server', server]);
  if (job.account) a.push(['Account_Name', job.account]);
  a.push(['Checkpoint', 'u']);
  if (job.submittedAt !== null) a.push(['ctime', time(job.submittedAt)]);
  a.push(['Error_Path', `${details.submitHost}:${details.workdir}/${name}.e${number}`]);

  const placement = cluster.placementOf(job.id);
  if (holdsCores && placement.length > 0) {
    const hosts = placement.map((chunk) =>
      execHostEntries(cluster.nodes[chunk.node]!.name, slots.take(chunk.node, chunk.cores), chunk.cores, context.torqueExecHost),
    );
    a.push(['exec_host', hosts.join('+')]);
    const gpus: string[] = [];
    for (const chunk of placement) {
      for (let g = 0; g < chunk.gpus; g++) gpus.push(`${cluster.nodes[chunk.node]!.name}-gpu/${g}`);
    }
    if (gpus.length > 0) a.push(['exec_gpus', gpus.join('+')]);
  }

  a.push(
    ['Hold_Types', job.state === 'held' ? 'u' : 'n'],
    ['Join_Path', 'oe'],
    ['Keep_Files', 'n'],
    ['Mail_Points', 'a'],
    ['mtime', time(job.startedAt ?? job.submittedAt ?? cluster.time)],
    ['Output_Path', `${details.submitHost}:${details.workdir}/${name}.o${number}`],
    ['Priority', 0],
  );
  if (job.submittedAt !== null) a.push(['qtime', time(job.submittedAt)]);
  a.push(['Rerunable', 'True']);

  const { chunks, ncpus } = selectChunks(job, job.gpus > 0 ? 32 : 48);
  if (job.memoryBytes !== null) a.push(['Resource_List.mem', formatRequestSize(job.memoryBytes)]);
  a.push(['Resource_List.nodect', chunks]);
  a.push(['Resource_List.nodes', job.gpus > 0 ? `${chunks}:ppn=${ncpus}:gpus=${job.gpus}` : `${chunks}:ppn=${ncpus}`]);
  if (job.walltimeLimit !== null) a.push(['Resource_List.walltime', formatDuration(job.walltimeLimit)]);
  if (holdsCores) a.push(['session_id', details.sessionId]);
  a.push(['Variable_List', { variables: [...details.environment, ['PBS_O_SERVER', server]] }]);
  a.push(['euser', job.user]);
  if (job.group !== null) a.push(['egroup', job.group]);
  a.push(['queue_type', 'E']);
  if (job.comment !== null) a.push(['comment', job.comment]);
  if (job.state !== 'held' && job.submittedAt !== null) a.push(['etime', time(job.submittedAt)]);
  a.push(['submit_args', job.arrayParent ? `-t 1-${job.arrayIndex} ${details.script}` : details.script]);
  if (holdsCores && job.startedAt !== null) {
    a.push(['start_time', time(job.startedAt)]);
    if (job.walltimeLimit !== null) {
      a.push(['Walltime.Remaining', Math.max(0, job.walltimeLimit - (cluster.time - job.startedAt))]);
    }
    a.push(['start_count', 1]);
  }
  a.push(['fault_tolerant', 'False'], ['job_radix', 0], ['submit_host', details.submitHost]);
  if (job.arrayIndex !== null) a.push(['job_array_id', job.arrayIndex]);
  return a;
}
