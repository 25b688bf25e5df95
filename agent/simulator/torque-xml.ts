/**
 * Torque's XML (`qstat -x`, `pbsnodes -x`): the whole listing on one line,
 * `<Data><Job><Job_Id>…</Job_Id>…</Job></Data>`, grouped attributes nested
 * (`<Resource_List><nodes>…</nodes></Resource_List>`), every value text, built with
 * fast-xml-parser so escaping is right.
 */
import { XMLBuilder } from 'fast-xml-parser';
import { splitGroup, textOf, type AttributeList } from './attribute-list.ts';

const builder = new XMLBuilder({ format: false, suppressEmptyNode: false });

function recordObject(idKey: string, id: string, attributes: AttributeList): Record<string, unknown> {
  const record: Record<string, unknown> = { [idKey]: id };
  for (const [name, value] of attributes) {
    const [group, key] = splitGroup(name);
    if (group === null) {
      record[key] = textOf(value);
    } else {
      const members = (record[group] ??= {}) as Record<string, string>;
      members[key] = textOf(value);
    }
  }
  return record;
}

/** `element` is `Job` or `Node`; `idKey` the element holding the id (`Job_Id`, `name`). */
export function xmlDocument(element: string, idKey: string, records: [string, AttributeList][]): string {
  // Torque prints nothing at all for an empty listing.
  if (records.length === 0) return '';
  const data = { Data: { [element]: records.map(([id, attributes]) => recordObject(idKey, id, attributes)) } };
  return `${builder.build(data)}\n`;
}
