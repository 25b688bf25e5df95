/**
 * `showq --xml` (Moab): `<Data><Object>queue</Object><cluster …/><queue option="active|eligible|
 * blocked|completed" count="N"><job JobID= State= User= Group= Account= Class= ReqProcs= ReqNodes=
 * ReqAWDuration= AWDuration= StartTime= SubmissionTime= RsvStartTime= DRMJID= BlockReason=
 * Description= …/></queue></Data>`. Running two commands concatenates `</Data><Data>`, so the
 * documents are read under one synthetic root. Times are epochs (`StartTime="0"` = not started).
 * The job id is the resource manager's (DRMJID, `123.server`) when given, so it matches PBS.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Job } from '../../protocol/model.ts';
import { ParseError, type ParseContext, type ParsedOutput } from '../parse-result.ts';
import { moabJob } from './moab-job.ts';

const COMMAND = 'showq --xml';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  isArray: (name) => name === 'Data' || name === 'queue' || name === 'job',
});

type XmlElement = Record<string, unknown>;

function text(element: XmlElement, name: string): string | null {
  const value = element[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function epoch(element: XmlElement, name: string): number | null {
  const value = text(element, name);
  if (value === null || !/^\d+$/.test(value) || value === '0') return null;
  return Number(value);
}

function whole(element: XmlElement, name: string): number | null {
  const value = text(element, name);
  return value !== null && /^\d+$/.test(value) ? Number(value) : null;
}

export function parseShowqXml(input: string, context: ParseContext): ParsedOutput {
  const warnings: string[] = [];
  const body = input.replace(/<\?xml[^?]*\?>/g, '').trim();
  if (body === '') throw new ParseError(COMMAND, 0, 'empty output');
  const wrapped = `<showq>${body}</showq>`;
  const validation = XMLValidator.validate(wrapped);
  if (validation !== true) throw new ParseError(COMMAND, validation.err.line, `malformed XML: ${validation.err.msg}`);
  const root = (parser.parse(wrapped) as XmlElement).showq as XmlElement | undefined;
  const documents = (root?.Data as XmlElement[] | undefined) ?? [];
  if (documents.length === 0) throw new ParseError(COMMAND, 1, 'no <Data> element: not showq --xml output');
  const jobs: Job[] = [];
  for (const data of documents) {
    for (const queue of (data.queue as XmlElement[] | undefined) ?? []) {
      const option = text(queue, 'option') ?? 'active';
      for (const job of (queue.job as XmlElement[] | undefined) ?? []) {
        const id = text(job, 'DRMJID') ?? text(job, 'JobID');
        const user = text(job, 'User');
        const state = text(job, 'State');
        if (id === null || user === null || state === null) throw new ParseError(COMMAND, 1, `a <job> in the ${option} queue lacks JobID, User or State`);
        const started = epoch(job, 'StartTime');
        const running = option === 'active';
        const reservation = epoch(job, 'RsvStartTime');
        const blockReason = text(job, 'BlockReason');
        const description = text(job, 'Description');
        const reason = option === 'blocked' || blockReason ? ['blocked', blockReason, description].filter(Boolean).join(': ') : description;
        jobs.push(
          moabJob(
            {
              id,
              name: text(job, 'JobName'),
              user,
              group: text(job, 'Group'),
              account: text(job, 'Account'),
              queue: text(job, 'Class'),
              stateWord: state,
              cores: whole(job, 'ReqProcs') ?? 1,
              nodeCount: whole(job, 'ReqNodes'),
              walltimeLimit: whole(job, 'ReqAWDuration'),
              submittedAt: epoch(job, 'SubmissionTime'),
              startedAt: running ? started : null,
              comment: reason || null,
              estimatedStart: !running && reservation !== null && reservation > context.now ? reservation : null,
            },
            warnings,
          ),
        );
      }
    }
  }
  return { scheduler: { kind: 'moab' }, jobs, warnings };
}
