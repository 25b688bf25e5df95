/**
 * Torque `pbsnodes -x` XML to nodes (`<Node><name/><state/><np/><jobs>0/ID, 1/ID</jobs>…`).
 */
import type { Node } from '../../protocol/model.ts';
import { ParseError, type ParseContext, type ParsedOutput } from '../parse-result.ts';
import { jsonAttributes, lineOf } from './json-attributes.ts';
import { nodeFromAttributes } from './node-attributes.ts';
import { xmlRecords } from './xml-records.ts';

const COMMAND = 'pbsnodes -x';

export function parsePbsnodesXml(text: string, context: ParseContext): ParsedOutput {
  const warnings: string[] = [];
  const nodes: Node[] = [];
  for (const record of xmlRecords(text, COMMAND, 'Node')) {
    const get = jsonAttributes(record);
    const name = get('name')?.trim();
    if (!name) throw new ParseError(COMMAND, 1, '<Node> without a <name>');
    const node = nodeFromAttributes(name, get, warnings);
    if (typeof node === 'string') throw new ParseError(COMMAND, lineOf(text, `<name>${name}`), node);
    nodes.push(node);
  }
  return { scheduler: { kind: 'pbs', flavour: context.flavour ?? 'torque' }, nodes, warnings };
}
