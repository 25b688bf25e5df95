/**
 * `qstat -Q -f` text (Torque and PBS Pro) to queues, with the record grammar of `qstat -f`
 * (attribute-text.ts) under `Queue: name` headers.
 */
import type { Queue } from '../../protocol/model.ts';
import { ParseError, type ParseContext, type ParsedOutput } from '../parse-result.ts';
import { scanAttributeRecords } from './attribute-text.ts';
import { flavourFromOutput } from './flavour.ts';
import { queueFromAttributes } from './queue-attributes.ts';

const COMMAND = 'qstat -Q -f';

export function parseQstatQueuesText(text: string, context: ParseContext): ParsedOutput {
  const warnings: string[] = [];
  const queues: Queue[] = [];
  const report = scanAttributeRecords(text, { headerPrefix: 'Queue: ' }, (record) => {
    const queue = queueFromAttributes(record.name, record.attributes, warnings);
    if (typeof queue === 'string') throw new ParseError(COMMAND, record.line, queue);
    queues.push(queue);
  });
  if (report.records === 0 && report.strayLineCount > 0) throw new ParseError(COMMAND, report.strayLines[0]!, 'no "Queue:" record in the output');
  if (report.strayLineCount > 0) warnings.push(`${report.strayLineCount} line(s) outside any queue record ignored (first at line ${report.strayLines[0]})`);
  const flavour = context.flavour ?? flavourFromOutput(text);
  return { scheduler: { kind: 'pbs', ...(flavour ? { flavour } : {}) }, queues, warnings };
}
