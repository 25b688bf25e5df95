/**
 * `pbsnodes -a -F json` (PBS Pro / OpenPBS), read leniently (pbs-json.ts): elided copies, unescaped
 * quotes in comments. `jobs` is an array there and times are epochs.
 */
import type { Node } from '../../protocol/model.ts';
import { ParseError, type ParseContext, type ParsedOutput } from '../parse-result.ts';
import { flavourFromVersion } from './flavour.ts';
import { isJsonObject, jsonAttributes, jsonText, lineOfKey } from './json-attributes.ts';
import { nodeFromAttributes } from './node-attributes.ts';
import { parsePbsJson } from './pbs-json.ts';

const COMMAND = 'pbsnodes -a -F json';

export function parsePbsnodesJson(text: string, context: ParseContext): ParsedOutput {
  const { value: root, warnings } = parsePbsJson(text, COMMAND);
  if (!isJsonObject(root.nodes)) throw new ParseError(COMMAND, lineOfKey(text, 'nodes') || 1, 'no "nodes" object: not pbsnodes JSON');
  const version = jsonText(root.pbs_version) ?? null;
  const server = jsonText(root.pbs_server) ?? null;
  const flavour = context.flavour ?? (version ? flavourFromVersion(version) : null) ?? 'pbspro';
  const nodes: Node[] = [];
  for (const [name, record] of Object.entries(root.nodes)) {
    if (!isJsonObject(record)) throw new ParseError(COMMAND, lineOfKey(text, name), `node ${name} is not an object`);
    const node = nodeFromAttributes(name, jsonAttributes(record), warnings);
    if (typeof node === 'string') throw new ParseError(COMMAND, lineOfKey(text, name), node);
    nodes.push(node);
  }
  return {
    scheduler: { kind: 'pbs', flavour, ...(version ? { version } : {}), ...(server ? { server } : {}) },
    nodes,
    warnings,
  };
}
