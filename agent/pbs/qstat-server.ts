/**
 * `qstat -B -f` text (and `-F json`) for what the server says of itself: its name and pbs_version,
 * hence the flavour. A version that is a template or not a version (`%(lrmsver)s`) is reported
 * and left unknown.
 */
import { ParseError, type ParseContext, type ParsedOutput } from '../parse-result.ts';
import type { SchedulerInfo } from '../../protocol/model.ts';
import { scanAttributeRecords } from './attribute-text.ts';
import { flavourFromOutput, flavourFromVersion } from './flavour.ts';
import { isJsonObject, jsonText } from './json-attributes.ts';
import { parsePbsJson } from './pbs-json.ts';

function schedulerOf(server: string | null, version: string | undefined, context: ParseContext, warnings: string[], fallbackText: string): Partial<SchedulerInfo> {
  let flavour = context.flavour ?? null;
  let knownVersion: string | null = null;
  if (version !== undefined) {
    const fromVersion = flavourFromVersion(version);
    if (fromVersion === null) warnings.push(`pbs_version '${version.trim()}' is not a version`);
    else {
      knownVersion = version.trim();
      flavour ??= fromVersion;
    }
  }
  flavour ??= flavourFromOutput(fallbackText);
  return { kind: 'pbs', ...(flavour ? { flavour } : {}), ...(knownVersion ? { version: knownVersion } : {}), ...(server ? { server } : {}) };
}

export function parseQstatServerText(text: string, context: ParseContext): ParsedOutput {
  const command = 'qstat -B -f';
  const warnings: string[] = [];
  let server: string | null = null;
  let version: string | undefined;
  const report = scanAttributeRecords(text, { headerPrefix: 'Server: ' }, (record) => {
    server ??= record.name || null;
    version ??= record.attributes.get('pbs_version');
  });
  if (report.records === 0) throw new ParseError(command, report.strayLines[0] ?? 0, 'no "Server:" record in the output');
  if (report.strayLineCount > 0) warnings.push(`${report.strayLineCount} line(s) outside the server record ignored (first at line ${report.strayLines[0]})`);
  return { scheduler: schedulerOf(server, version, context, warnings, ''), warnings };
}

export function parseQstatServerJson(text: string, context: ParseContext): ParsedOutput {
  const command = 'qstat -B -f -F json';
  const { value: root, warnings } = parsePbsJson(text, command, { keepDuplicateKeys: true });
  const servers = isJsonObject(root.Server) ? Object.entries(root.Server) : [];
  const [name, record] = servers[0] ?? [jsonText(root.pbs_server) ?? null, undefined];
  const version = (isJsonObject(record) ? jsonText(record.pbs_version) : undefined) ?? jsonText(root.pbs_version);
  if (name === null && version === undefined) throw new ParseError(command, 1, 'JSON without a Server or pbs_version: not qstat -B output');
  return { scheduler: schedulerOf(name, version, context, warnings, ''), warnings };
}
