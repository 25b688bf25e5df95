/**
 * The optional queue table of a row: per queue, whether it takes and starts jobs, jobs by state and
 * cores running (from the summary's per-queue usage). Execution queues first, then by name.
 */
import { html, nothing } from 'lit';
import type { Queue, Usage } from '../../protocol/model.ts';
import { formatCount } from '../format/format-number.ts';
import { formatDuration } from '../format/format-duration.ts';

function state(queue: Queue): string {
  if (queue.enabled && queue.started) return 'open';
  if (!queue.enabled && !queue.started) return 'closed';
  return queue.enabled ? 'not starting' : 'not accepting';
}

export function queueTable(queues: readonly Queue[], usage: readonly Usage[], caption: string) {
  if (queues.length === 0) return nothing;
  const cores = new Map(usage.map((row) => [row.name, row.coresRunning]));
  const sorted = [...queues].sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'execution' ? -1 : 1));
  return html`
    <table part="queues" class="queues">
      <caption>${caption}</caption>
      <thead>
        <tr>
          <th scope="col">Queue</th>
          <th scope="col">State</th>
          <th scope="col">Running</th>
          <th scope="col">Queued</th>
          <th scope="col">Held</th>
          <th scope="col">Cores</th>
          <th scope="col">Max walltime</th>
        </tr>
      </thead>
      <tbody>
        ${sorted.map(
          (queue) => html`<tr class=${state(queue) === 'open' ? '' : 'inactive'}>
            <th scope="row">${queue.name}${queue.kind === 'route' ? html` <span class="kind">route</span>` : nothing}</th>
            <td>${state(queue)}</td>
            <td>${formatCount(queue.jobs.running + queue.jobs.exiting)}</td>
            <td>${formatCount(queue.jobs.queued + queue.jobs.waiting + queue.jobs.transit)}</td>
            <td>${formatCount(queue.jobs.held)}</td>
            <td>${formatCount(cores.get(queue.name) ?? 0)}</td>
            <td>${queue.walltimeMax === null ? '–' : formatDuration(queue.walltimeMax)}</td>
          </tr>`,
        )}
      </tbody>
    </table>
  `;
}
