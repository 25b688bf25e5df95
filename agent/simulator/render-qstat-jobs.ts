/**
 * `qstat -f -t` of a synthetic cluster in the three forms a PBS server prints it: text (PBS Pro
 * and Torque, wrapped as the real commands wrap, or Torque `-1` unwrapped), PBS JSON
 * (`-F json`) and Torque XML (`qstat -x`).
 */
import { compareJobIds } from '../../protocol/canonical-order.ts';
import type { Job } from '../../protocol/model.ts';
import { summariseArrays } from './array-summary.ts';
import type { AttributeList } from './attribute-list.ts';
import { jsonDocument } from './pbs-json.ts';
import { PBSPRO_LINE_SIZE, TORQUE_LINE_SIZE, unwrappedAttribute, wrapAttribute } from './pbs-attribute-wrap.ts';
import { textOf } from './attribute-list.ts';
import { pbsproJobAttributes } from './pbspro-job-attributes.ts';
import { SlotCounter, type RenderContext } from './render-context.ts';
import { torqueJobAttributes } from './torque-job-attributes.ts';
import { xmlDocument } from './torque-xml.ts';

/** Jobs in the order the server lists them, each with its attributes. */
function listedJobs(context: RenderContext): [Job, AttributeList][] {
  const jobs = context.cluster.jobs().sort((a, b) => compareJobIds(a.id, b.id));
  const slots = new SlotCounter();
  if (context.cluster.options.flavour === 'torque') {
    return jobs.filter((job) => !job.isArrayParent).map((job) => [job, torqueJobAttributes(job, context, slots)]);
  }
  const arrays = summariseArrays(jobs);
  return jobs.map((job) => [job, pbsproJobAttributes(job, context, slots, arrays)]);
}

export interface QstatTextOptions {
  /** Torque `qstat -f -1`: one line per attribute. */
  oneLine?: boolean;
}

export function renderQstatText(context: RenderContext, options: QstatTextOptions = {}): string {
  const lineSize = context.cluster.options.flavour === 'torque' ? TORQUE_LINE_SIZE : PBSPRO_LINE_SIZE;
  const parts: string[] = [];
  for (const [job, attributes] of listedJobs(context)) {
    parts.push(`Job Id: ${job.id}\n`);
    for (const [name, value] of attributes) {
      const text = textOf(value);
      parts.push(options.oneLine ? unwrappedAttribute(name, text) : wrapAttribute(name, text, lineSize), '\n');
    }
    parts.push('\n');
  }
  return parts.join('');
}

/** `qstat -f -t -F json` (PBS Pro / OpenPBS). */
export function renderQstatJson(context: RenderContext): string {
  const { cluster } = context;
  const jobs = listedJobs(context);
  return jsonDocument(cluster, jobs.length === 0 ? null : { key: 'Jobs', records: jobs.map(([job, attributes]) => [job.id, attributes]) });
}

/** `qstat -x -t` (Torque): one line of XML. */
export function renderQstatXml(context: RenderContext): string {
  return xmlDocument('Job', 'Job_Id', listedJobs(context).map(([job, attributes]) => [job.id, attributes]));
}
