/**
 * The `summary` audience's rule for per-user and per-group rows: the N busiest keep a row (under
 * a pseudonym), everyone else is summed into `others`, so a small group's single user cannot be
 * picked out of the numbers and the row count stays bounded.
 */
import { canonicalUsage } from '../../protocol/canonical-order.ts';
import type { Usage } from '../../protocol/model.ts';
import { OTHERS, type PseudonymDimension, type Pseudonyms } from './pseudonyms.ts';

/** Busiest first: cores running, then cores waiting, then jobs; names break ties so the choice
 * is the same on every poll with the same numbers. */
export function byBusiest(a: Usage, b: Usage): number {
  return (
    b.coresRunning - a.coresRunning ||
    b.coresQueued - a.coresQueued ||
    b.jobsRunning + b.jobsQueued + b.jobsHeld - (a.jobsRunning + a.jobsQueued + a.jobsHeld) ||
    (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
  );
}

function addInto(target: Usage, row: Usage): void {
  target.coresRunning += row.coresRunning;
  target.coresQueued += row.coresQueued;
  target.gpusRunning += row.gpusRunning;
  target.gpusQueued += row.gpusQueued;
  target.jobsRunning += row.jobsRunning;
  target.jobsQueued += row.jobsQueued;
  target.jobsHeld += row.jobsHeld;
}

function emptyRow(name: string): Usage {
  return { name, coresRunning: 0, coresQueued: 0, gpusRunning: 0, gpusQueued: 0, jobsRunning: 0, jobsQueued: 0, jobsHeld: 0 };
}

/** The top `top` rows under pseudonyms plus one `others` row (when anyone is left), canonical. */
export function pseudonymousTopRows(rows: readonly Usage[], top: number, dimension: PseudonymDimension, pseudonyms: Pseudonyms): Usage[] {
  const ranked = [...rows].sort(byBusiest);
  const out = new Map<string, Usage>();
  for (let i = 0; i < ranked.length; i++) {
    const row = ranked[i]!;
    const name = i < top ? pseudonyms.of(dimension, row.name) : OTHERS;
    let target = out.get(name);
    if (!target) {
      target = emptyRow(name);
      out.set(name, target);
    }
    addInto(target, row);
  }
  return canonicalUsage([...out.values()]);
}
