/** `pbsnodes -a` (text, both flavours), `pbsnodes -a -F json` (PBS Pro) and `pbsnodes -x` (Torque). */
import { textOf, type AttributeList } from './attribute-list.ts';
import { nodeAssignments } from './node-assignments.ts';
import { pbsproNodeAttributes, torqueNodeAttributes } from './node-attributes.ts';
import { jsonDocument } from './pbs-json.ts';
import type { RenderContext } from './render-context.ts';
import { xmlDocument } from './torque-xml.ts';

function listedNodes(context: RenderContext, form: 'text' | 'json'): [string, AttributeList][] {
  const { cluster } = context;
  const assignments = nodeAssignments(cluster);
  const jobs = new Map(cluster.jobs().map((job) => [job.id, job]));
  return cluster.nodes.map((node, index) => {
    const assigned = assignments.get(index) ?? [];
    const attributes =
      cluster.options.flavour === 'torque'
        ? torqueNodeAttributes(node, assigned, jobs, context)
        : pbsproNodeAttributes(node, assigned, context, form);
    return [node.name, attributes];
  });
}

/** Name at column 0, `     name = value` (five spaces, never wrapped), a blank line after each. */
export function renderPbsnodesText(context: RenderContext): string {
  const parts: string[] = [];
  for (const [name, attributes] of listedNodes(context, 'text')) {
    parts.push(`${name}\n`);
    for (const [key, value] of attributes) parts.push(`     ${key} = ${textOf(value)}\n`);
    parts.push('\n');
  }
  return parts.join('');
}

export function renderPbsnodesJson(context: RenderContext): string {
  return jsonDocument(context.cluster, { key: 'nodes', records: listedNodes(context, 'json') });
}

export function renderPbsnodesXml(context: RenderContext): string {
  return xmlDocument('Node', 'name', listedNodes(context, 'text'));
}
