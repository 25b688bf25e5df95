/**
 * The figures of a row's header, from a summary, by the model's counting rules (protocol/summary.ts):
 * running includes exiting (it still holds its cores); queued is queued + waiting + transit; nodes
 * are up unless down, offline or of unknown state.
 */
import type { Summary } from '../../protocol/model.ts';

export interface HeaderFigures {
  coresUsed: number;
  coresTotal: number;
  coresUnavailable: number;
  gpusUsed: number;
  gpusTotal: number;
  nodesUp: number;
  nodesDown: number;
  nodesOffline: number;
  nodesUnknown: number;
  jobsRunning: number;
  jobsQueued: number;
  jobsHeld: number;
  jobsSuspended: number;
}

export function headerFigures(summary: Summary): HeaderFigures {
  const { nodes, jobs } = summary;
  return {
    coresUsed: summary.coresUsed,
    coresTotal: summary.coresTotal,
    coresUnavailable: summary.coresUnavailable,
    gpusUsed: summary.gpusUsed,
    gpusTotal: summary.gpusTotal,
    nodesUp: nodes.free + nodes['partly-used'] + nodes.busy + nodes.reserved,
    nodesDown: nodes.down,
    nodesOffline: nodes.offline,
    nodesUnknown: nodes.unknown,
    jobsRunning: jobs.running + jobs.exiting,
    jobsQueued: jobs.queued + jobs.waiting + jobs.transit,
    jobsHeld: jobs.held,
    jobsSuspended: jobs.suspended,
  };
}
