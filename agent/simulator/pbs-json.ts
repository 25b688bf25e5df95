/**
 * PBS Pro's `-F json` layout: a top object with `timestamp`, `pbs_version`, `pbs_server`, then
 * `Jobs` / `nodes` / `Queue` keyed by id or name; grouped attributes (`Resource_List`,
 * `resources_available` …) and `Variable_List` as nested objects; numbers bare, everything else
 * a string; four spaces per level, `"key":value` with no space (the ≤ 2022 style).
 */
import { isVariableList, splitGroup, type AttributeList, type AttributeValue } from './attribute-list.ts';
import { serverVersion } from './server-version.ts';
import type { SyntheticCluster } from './synthetic-cluster.ts';

function scalar(value: string | number): string {
  return typeof value === 'number' ? String(value) : JSON.stringify(value);
}

function indent(level: number): string {
  return '    '.repeat(level);
}

function objectLines(entries: readonly [string, string][], level: number): string {
  if (entries.length === 0) return `{\n${indent(level)}}`;
  const inner = entries.map(([key, text]) => `${indent(level + 1)}${JSON.stringify(key)}:${text}`).join(',\n');
  return `{\n${inner}\n${indent(level)}}`;
}

function valueText(value: AttributeValue, level: number): string {
  if (typeof value !== 'object') return scalar(value);
  if (isVariableList(value)) return objectLines(value.variables.map(([k, v]) => [k, JSON.stringify(v)]), level);
  const items = value.items.map((item) => `${indent(level + 1)}${JSON.stringify(item)}`).join(',\n');
  return `[\n${items}\n${indent(level)}]`;
}

/** One record's attributes as a JSON object at `level`, groups gathered where they first occur. */
export function recordJson(attributes: AttributeList, level: number): string {
  const entries: [string, string][] = [];
  const groups = new Map<string, [string, string][]>();
  for (const [name, value] of attributes) {
    const [group, key] = splitGroup(name);
    if (group === null) {
      entries.push([key, valueText(value, level + 1)]);
      continue;
    }
    let members = groups.get(group);
    if (!members) {
      members = [];
      groups.set(group, members);
      // Placeholder, filled in once every member is known.
      entries.push([group, `\u0000${group}`]);
    }
    members.push([key, valueText(value, level + 2)]);
  }
  const filled = entries.map(([key, text]): [string, string] =>
    text.startsWith('\u0000') ? [key, objectLines(groups.get(text.slice(1))!, level + 1)] : [key, text],
  );
  return objectLines(filled, level);
}

export interface JsonSection {
  key: 'Jobs' | 'nodes' | 'Queue';
  /** Consumed one record at a time, so a 100,000-job listing never holds every attribute list. */
  records: Iterable<[string, AttributeList]>;
}

/** The whole document; the section is left out when it has no records (PBS omits `Jobs` then). */
export function jsonDocument(cluster: SyntheticCluster, section: JsonSection): string {
  const head = [
    `${indent(1)}"timestamp":${cluster.time}`,
    `${indent(1)}"pbs_version":${JSON.stringify(serverVersion(cluster))}`,
    `${indent(1)}"pbs_server":${JSON.stringify(cluster.options.server)}`,
  ];
  const records: string[] = [];
  for (const [id, attributes] of section.records) records.push(`${indent(2)}${JSON.stringify(id)}:${recordJson(attributes, 2)}`);
  if (records.length > 0) head.push(`${indent(1)}"${section.key}":{\n${records.join(',\n')}\n${indent(1)}}`);
  return `{\n${head.join(',\n')}\n}\n`;
}
