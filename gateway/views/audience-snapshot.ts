/**
 * Derives what one view may show of a cluster from the full (`jobs` level) snapshot the pollers
 * deliver. The result is canonical, so `diff` between two derived snapshots gives the view's
 * deltas directly.
 *
 * What each level leaves out:
 * - `users`: the job table (no job names, ids or comments);
 * - `summary`: also real user and group names (pseudonyms for the top rows, or no rows at all),
 *   node comments and queue limits, which admins fill with free text that often names people
 *   ("reserved for alice", PBS Pro's `max_run = [u:alice=4]`). Node names, states and counts stay:
 *   they name machines, not people.
 */
import type { Snapshot } from '../../protocol/model.ts';
import type { Pseudonyms } from './pseudonyms.ts';
import { pseudonymousTopRows } from './top-rows.ts';
import type { ViewSpec } from './view-spec.ts';

export function audienceSnapshot(full: Snapshot, view: ViewSpec, pseudonyms: Pseudonyms): Snapshot {
  if (view.level === 'jobs') return full;
  if (view.level === 'users') return { ...full, jobs: [] };
  const summary = full.summary;
  return {
    ...full,
    jobs: [],
    summary: {
      ...summary,
      users: view.pseudonyms ? pseudonymousTopRows(summary.users, view.top, 'user', pseudonyms) : [],
      groups: view.pseudonyms ? pseudonymousTopRows(summary.groups, view.top, 'group', pseudonyms) : [],
    },
    nodes: full.nodes.map((node) => (node.comment === null ? node : { ...node, comment: null })),
    queues: full.queues.map((queue) => (Object.keys(queue.limits).length === 0 ? queue : { ...queue, limits: {} })),
  };
}
