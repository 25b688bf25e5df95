/**
 * `qstat -Q -f` of a synthetic cluster: text (both flavours) and `-F json` (PBS Pro), with the
 * `state_count` string (trailing space included, as servers print it), limits and
 * `enabled`/`started`.
 */
import type { AttributeList } from './attribute-list.ts';
import { textOf } from './attribute-list.ts';
import { holdsCores } from './node-assignments.ts';
import { PBSPRO_LINE_SIZE, TORQUE_LINE_SIZE, wrapAttribute } from './pbs-attribute-wrap.ts';
import { jsonDocument } from './pbs-json.ts';
import { formatDuration } from './pbs-time.ts';
import type { RenderContext } from './render-context.ts';
import { QUEUE_SPECS } from './synthetic-cluster.ts';

function listedQueues(context: RenderContext): [string, AttributeList][] {
  const { cluster } = context;
  const torque = cluster.options.flavour === 'torque';
  const jobs = cluster.jobs().filter((job) => !job.isArrayParent);
  return cluster.queues.map((queue) => {
    const mine = jobs.filter((job) => job.queue === queue.name);
    const count = (state: string) => mine.filter((job) => job.state === state).length;
    const running = count('running') + count('suspended');
    const cores = mine.filter((job) => holdsCores(job.state)).reduce((sum, job) => sum + job.cores, 0);
    const spec = QUEUE_SPECS.find((s) => s.name === queue.name);
    const states = `Transit:${count('transit')} Queued:${count('queued')} Held:${count('held')} Waiting:${count('waiting')} Running:${running} Exiting:${count('exiting')} ${torque ? 'Complete:0' : 'Begun:0'} `;
    const a: AttributeList = [['queue_type', queue.kind === 'route' ? 'Route' : 'Execution']];
    if (queue.priority !== null) a.push(['Priority', queue.priority]);
    a.push(['total_jobs', mine.length], ['state_count', states]);
    if (torque) {
      if (spec) a.push(['max_user_run', spec.gpu ? 8 : 200]);
    } else {
      for (const [key, value] of Object.entries(queue.limits)) a.push([key, value]);
    }
    if (queue.walltimeMax !== null) a.push(['resources_max.walltime', formatDuration(queue.walltimeMax)]);
    a.push(['resources_default.walltime', formatDuration(Math.min(3600, queue.walltimeMax ?? 3600))]);
    if (torque) a.push(['mtime', cluster.options.start - 86_400 * 30]);
    a.push(['resources_assigned.ncpus', cores], ['resources_assigned.nodect', mine.filter((job) => holdsCores(job.state)).reduce((sum, job) => sum + job.nodeCount, 0)]);
    a.push(['enabled', queue.enabled ? 'True' : 'False'], ['started', queue.started ? 'True' : 'False']);
    return [queue.name, a];
  });
}

export function renderQueuesText(context: RenderContext): string {
  const lineSize = context.cluster.options.flavour === 'torque' ? TORQUE_LINE_SIZE : PBSPRO_LINE_SIZE;
  const parts: string[] = [];
  for (const [name, attributes] of listedQueues(context)) {
    parts.push(`Queue: ${name}\n`);
    for (const [key, value] of attributes) parts.push(wrapAttribute(key, textOf(value), lineSize), '\n');
    parts.push('\n');
  }
  return parts.join('');
}

export function renderQueuesJson(context: RenderContext): string {
  return jsonDocument(context.cluster, { key: 'Queue', records: listedQueues(context) });
}
