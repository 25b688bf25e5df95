/**
 * A job, node or queue as the ordered `name = value` attributes PBS prints. The text, JSON and
 * XML renderers all print the same list, so the three formats of one cluster agree.
 */
export interface VariableList {
  variables: readonly (readonly [string, string])[];
}

/** A list JSON prints as an array (PBS Pro node `jobs`); text joins it with `separator`. */
export interface ItemList {
  items: readonly string[];
  separator: string;
}

/** Numbers print bare in PBS JSON; everything else is a string there. */
export type AttributeValue = string | number | VariableList | ItemList;

/** Dotted names (`Resource_List.ncpus`) belong to a group in JSON and XML. */
export type AttributeList = [name: string, value: AttributeValue][];

export function isVariableList(value: AttributeValue): value is VariableList {
  return typeof value === 'object' && 'variables' in value;
}

/** The value as `qstat -f` text prints it (a variable list comma-joined). */
export function textOf(value: AttributeValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if ('items' in value) return value.items.join(value.separator);
  // PBS Pro escapes commas inside values so the list stays splittable.
  return value.variables.map(([name, v]) => `${name}=${v.replaceAll(',', '\\,')}`).join(',');
}

/** The groups that JSON and XML nest (FORMATS.md §1, §5). */
const GROUPS = new Set(['Resource_List', 'resources_used', 'resources_available', 'resources_assigned', 'resources_max', 'resources_default', 'resources_min', 'default_chunk', 'Walltime', 'estimated']);

/** `['Resource_List', 'ncpus']` for a grouped name, `[null, name]` otherwise. */
export function splitGroup(name: string): [string | null, string] {
  const dot = name.indexOf('.');
  if (dot > 0 && GROUPS.has(name.slice(0, dot))) return [name.slice(0, dot), name.slice(dot + 1)];
  return [null, name];
}
