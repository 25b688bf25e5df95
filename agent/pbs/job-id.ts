/**
 * Array parts of a PBS job id: Torque and PBS Pro both print the parent as `123[].server`
 * and a subjob as `123[7].server` (FORMATS.md §1); ids may lack the server suffix in copies.
 */

export interface ArrayParts {
  arrayParent: string | null;
  arrayIndex: number | null;
  isArrayParent: boolean;
}

const NOT_ARRAY: ArrayParts = { arrayParent: null, arrayIndex: null, isArrayParent: false };

export function arrayPartsOf(id: string): ArrayParts {
  const open = id.indexOf('[');
  if (open < 0) return NOT_ARRAY;
  const close = id.indexOf(']', open);
  if (close < 0) return NOT_ARRAY;
  const index = id.slice(open + 1, close);
  if (index === '') return { arrayParent: null, arrayIndex: null, isArrayParent: true };
  if (!/^\d+$/.test(index)) return NOT_ARRAY;
  return { arrayParent: `${id.slice(0, open)}[]${id.slice(close + 1)}`, arrayIndex: Number(index), isArrayParent: false };
}

/** The number a job is known by across tools (Moab prints `4761849` for `4761849.server`). */
export function jobNumberKey(id: string): string {
  const bracket = id.indexOf('[');
  const dot = id.indexOf('.', bracket < 0 ? 0 : id.indexOf(']', bracket));
  return dot < 0 ? id : id.slice(0, dot);
}
