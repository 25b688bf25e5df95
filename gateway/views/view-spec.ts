/**
 * A view is one way of showing a cluster to an audience (DESIGN.md "Audiences"). Every connection
 * that receives the same view of the same cluster shares one gateway topic, so the set of views
 * is kept small: `users` and `jobs` carry no options, and `summary` is told apart only by what
 * changes its frames (pseudonyms or not, how many top rows).
 */
import { LEVELS, type Level } from '../../protocol/model.ts';

export type ViewSpec =
  | { level: 'jobs' }
  | { level: 'users' }
  /** `pseudonyms` false: no per-user or per-group rows at all; `top` then plays no part. */
  | { level: 'summary'; pseudonyms: boolean; top: number };

/** The top rows a summary view shows when a wider grant is asked for a summary. */
export const DEFAULT_TOP = 10;

/** What a scope in the configuration grants, reduced to the fields that shape frames. */
export interface ScopeView {
  level: Level;
  pseudonyms: boolean;
  top: number;
}

export function viewOfScope(scope: ScopeView): ViewSpec {
  if (scope.level === 'jobs') return { level: 'jobs' };
  if (scope.level === 'users') return { level: 'users' };
  return scope.pseudonyms ? { level: 'summary', pseudonyms: true, top: scope.top } : { level: 'summary', pseudonyms: false, top: 0 };
}

/** A short, stable name of the view, part of the topic name: `jobs`, `users`, `summary-top10`,
 * `summary-hidden`. */
export function viewKey(view: ViewSpec): string {
  if (view.level !== 'summary') return view.level;
  return view.pseudonyms ? `summary-top${view.top}` : 'summary-hidden';
}

/** Orders views by how much they show: jobs > users > summary with pseudonyms (more top rows
 * first) > summary without. */
export function viewRank(view: ViewSpec): number {
  if (view.level === 'jobs') return 3_000_000;
  if (view.level === 'users') return 2_000_000;
  return view.pseudonyms ? 1_000_000 + Math.min(view.top, 999_999) : 0;
}

export function widerView(a: ViewSpec, b: ViewSpec): ViewSpec {
  return viewRank(b) > viewRank(a) ? b : a;
}

function levelIndex(level: Level): number {
  return LEVELS.indexOf(level);
}

/**
 * The view a client gets when it asks for `asked` and may see `granted`: the lesser of the two.
 * A client with a wider grant that asks for `summary` (a wall display opened with an admin's
 * token) gets the pseudonymised summary, never real names under the `summary` label.
 */
export function narrowView(granted: ViewSpec, asked: Level): ViewSpec {
  if (levelIndex(asked) >= levelIndex(granted.level)) return granted;
  if (asked === 'users') return { level: 'users' };
  return { level: 'summary', pseudonyms: true, top: DEFAULT_TOP };
}
