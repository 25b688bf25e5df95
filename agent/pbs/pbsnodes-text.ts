/**
 * `pbsnodes -a` (and `-av`) text, Torque and PBS Pro (FORMATS.md §4):
 *
 *     node02.cluster.fing             <- node (vnode) name at column 0, one word
 *          state = free               <- indented attribute lines, split on the first " = "
 *     <blank line>                    <- between nodes
 *
 * Terminal copies hard-wrap long lines at 200 columns with no indentation (`totmem=15` /
 * `233668kb,…`): a column-0 line that follows an attribute line without a blank line between
 * continues that attribute, appended as it is. Outside a node, lines with spaces (a shell prompt,
 * `>>> exanodes`) and elided `...` lines are skipped and reported.
 */
import type { Node } from '../../protocol/model.ts';
import { ParseError, type ParseContext, type ParsedOutput } from '../parse-result.ts';
import { flavourFromOutput } from './flavour.ts';
import { nodeFromAttributes } from './node-attributes.ts';

const COMMAND = 'pbsnodes -a';

interface NodeRecord {
  name: string;
  line: number;
  attributes: Map<string, string>;
}

const ATTRIBUTE = /^[ \t]+([A-Za-z_][\w.\-]*) = ?(.*)$/;

export function parsePbsnodesText(text: string, context: ParseContext): ParsedOutput {
  const warnings: string[] = [];
  const nodes: Node[] = [];
  const lines = text.split('\n');
  let record: NodeRecord | null = null;
  let lastName: string | null = null;
  let afterBlank = true;
  let stray = 0;
  let firstStray = 0;
  let elided = 0;

  const finish = () => {
    if (!record) return;
    if (record.attributes.size === 0) throw new ParseError(COMMAND, record.line, `'${record.name}' has no attributes: not pbsnodes output`);
    const attributes = record.attributes;
    const node = nodeFromAttributes(record.name, (name) => attributes.get(name), warnings);
    if (typeof node === 'string') throw new ParseError(COMMAND, record.line, node);
    nodes.push(node);
    record = null;
    lastName = null;
  };

  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.replace(/\r$/, '');
    if (line.trim() === '') {
      afterBlank = true;
      continue;
    }
    const indented = line.charCodeAt(0) === 32 || line.charCodeAt(0) === 9;
    if (!indented) {
      if (record && lastName !== null && !afterBlank) {
        // A terminal hard-wrap of the previous attribute line.
        record.attributes.set(lastName, record.attributes.get(lastName)! + line);
        continue;
      }
      finish();
      if (line.trim() === '...') elided++;
      else if (/\s/.test(line.trim())) {
        stray++;
        firstStray ||= index + 1;
      } else record = { name: line.trim(), line: index + 1, attributes: new Map() };
      afterBlank = false;
      continue;
    }
    afterBlank = false;
    if (!record) {
      stray++;
      firstStray ||= index + 1;
      continue;
    }
    const match = ATTRIBUTE.exec(line);
    if (match) {
      lastName = match[1]!;
      record.attributes.set(lastName, match[2]!);
    } else if (lastName !== null) {
      // A wrapped continuation (TAB or deep indent): appended without its indentation.
      record.attributes.set(lastName, record.attributes.get(lastName)! + line.replace(/^\s+/, ''));
    } else {
      throw new ParseError(COMMAND, index + 1, `line inside node '${record.name}' is not "name = value"`);
    }
  }
  finish();

  if (nodes.length === 0 && stray > 0) throw new ParseError(COMMAND, firstStray, 'no node record in the output');
  if (stray > 0) warnings.push(`${stray} line(s) outside any node record ignored (first at line ${firstStray})`);
  if (elided > 0) warnings.push(`${elided} elided '...' line(s) skipped`);
  const flavour = context.flavour ?? flavourFromOutput(text);
  return { scheduler: { kind: 'pbs', ...(flavour ? { flavour } : {}) }, nodes, warnings };
}
