/**
 * `qstat -Q -f -F json` (PBS Pro / OpenPBS) to queues. Read with duplicate keys kept: PBS prints
 * one `max_queued` key per value of a multi-valued limit (openpbs#2677).
 */
import type { Queue } from '../../protocol/model.ts';
import { ParseError, type ParseContext, type ParsedOutput } from '../parse-result.ts';
import { flavourFromVersion } from './flavour.ts';
import { isJsonObject, jsonText, lineOfKey } from './json-attributes.ts';
import { parsePbsJson, type JsonObject } from './pbs-json.ts';
import { queueFromAttributes } from './queue-attributes.ts';

const COMMAND = 'qstat -Q -f -F json';

/** A JSON record flattened to the text format's dotted names. */
function flatten(record: JsonObject): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const [key, value] of Object.entries(record)) {
    if (isJsonObject(value)) {
      for (const [member, inner] of Object.entries(value)) {
        const text = jsonText(inner);
        if (text !== undefined) attributes.set(`${key}.${member}`, text);
      }
    } else {
      const text = jsonText(value);
      if (text !== undefined) attributes.set(key, text);
    }
  }
  return attributes;
}

export function parseQstatQueuesJson(text: string, context: ParseContext): ParsedOutput {
  const { value: root, warnings } = parsePbsJson(text, COMMAND, { keepDuplicateKeys: true });
  const version = jsonText(root.pbs_version) ?? null;
  const server = jsonText(root.pbs_server) ?? null;
  if (version === null && server === null && root.Queue === undefined) {
    throw new ParseError(COMMAND, 1, 'JSON without pbs_version, pbs_server or Queue: not qstat output');
  }
  const queues: Queue[] = [];
  if (root.Queue !== undefined) {
    if (!isJsonObject(root.Queue)) throw new ParseError(COMMAND, lineOfKey(text, 'Queue'), '"Queue" is not an object');
    for (const [name, record] of Object.entries(root.Queue)) {
      if (!isJsonObject(record)) throw new ParseError(COMMAND, lineOfKey(text, name), `queue ${name} is not an object`);
      const queue = queueFromAttributes(name, flatten(record), warnings);
      if (typeof queue === 'string') throw new ParseError(COMMAND, lineOfKey(text, name), queue);
      queues.push(queue);
    }
  }
  const flavour = context.flavour ?? (version ? flavourFromVersion(version) : null) ?? 'pbspro';
  return { scheduler: { kind: 'pbs', flavour, ...(version ? { version } : {}), ...(server ? { server } : {}) }, queues, warnings };
}
