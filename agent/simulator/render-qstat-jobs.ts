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

/**
 * Jobs in the order the server lists them, each with its attributes, made one at a time: holding
 * the attribute lists of 100,000 jobs at once would cost more in garbage collection than making them.
 */
function* listedJobs(context: RenderContext): Generator<[Job, AttributeList]> {
  const jobs = context.cluster.jobs().sort((a, b) => compareJobIds(a.id, b.id));
  const slots = new SlotCounter();
  if (context.cluster.options.flavour === 'torque') {
    for (const job of jobs) if (!job.isArrayParent) yield [job, torqueJobAttributes(job, context, slots)];
    return;
  }
  const arrays = summariseArrays(jobs);
  for (const job of jobs) yield [job, pbsproJobAttributes(job, context, slots, arrays)];
}

function* withIds(jobs: Iterable<[Job, AttributeList]>): Generator<[string, AttributeList]> {
  for (const [job, attributes] of jobs) yield [job.id, attributes];
}

export interface QstatTextOptions {
  /** Torque `qstat -f -1`: one line per attribute. */
  oneLine?: boolean;
}

export function renderQstatText(context: RenderContext, options: QstatTextOptions = {}): string {
  const lineSize = context.cluster.options.flavour === 'torque' ? TORQUE_LINE_SIZE : PBSPRO_LINE_SIZE;
  // One string per job, joined at once: a 100,000-job listing is millions of small strings, and
  // keeping them all alive until the end costs more in garbage collection than building them.
  const records: string[] = [];
  for (const [job, attributes] of listedJobs(context)) {
    const lines = [`Job Id: ${job.id}`];
    for (const [name, value] of attributes) {
      const text = textOf(value);
      lines.push(options.oneLine ? unwrappedAttribute(name, text) : wrapAttribute(name, text, lineSize));
    }
    lines.push('', '');
    records.push(lines.join('\n'));
  }
  return records.join('');
}

/** `qstat -f -t -F json` (PBS Pro / OpenPBS). */
export function renderQstatJson(context: RenderContext): string {
  const { cluster } = context;
  return jsonDocument(cluster, { key: 'Jobs', records: withIds(listedJobs(context)) });
}

/** `qstat -x -t` (Torque): one line of XML. */
export function renderQstatXml(context: RenderContext): string {
  return xmlDocument('Job', 'Job_Id', [...withIds(listedJobs(context))]);
}
