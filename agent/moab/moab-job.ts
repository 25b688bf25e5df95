/**
 * Jobs as Moab and Maui describe them (`showq`, `showq --xml`, `checkjob`), in the protocol Job
 * shape so `webstat-agent parse` can print them. Moab knows neither the PBS queue (showq text)
 * nor memory; those stay unknown (`queue` is '' when Moab does not say the class). They exist
 * mainly to enrich PBS jobs (enrich.ts): eligible/blocked, pending reasons, estimated starts.
 */
import type { Job, JobState } from '../../protocol/model.ts';
import { arrayPartsOf } from '../pbs/job-id.ts';
import { moabJobState } from '../units/job-state.ts';

export interface MoabJobFields {
  id: string;
  name?: string | null;
  user: string;
  group?: string | null;
  account?: string | null;
  queue?: string | null;
  stateWord: string;
  cores: number;
  nodeCount?: number | null;
  walltimeLimit?: number | null;
  submittedAt?: number | null;
  startedAt?: number | null;
  comment?: string | null;
  estimatedStart?: number | null;
}

/** The Job; a state word Moab does not document is reported and read as held. */
export function moabJob(fields: MoabJobFields, warnings: string[]): Job {
  let state: JobState | null = moabJobState(fields.stateWord);
  if (state === null) {
    warnings.push(`job ${fields.id}: unknown Moab state '${fields.stateWord}' read as held`);
    state = 'held';
  }
  const array = arrayPartsOf(fields.id);
  return {
    id: fields.id,
    arrayParent: array.arrayParent,
    arrayIndex: array.arrayIndex,
    isArrayParent: array.isArrayParent,
    name: fields.name ?? '',
    user: fields.user,
    group: fields.group ?? null,
    account: fields.account ?? null,
    queue: fields.queue ?? '',
    state,
    rawState: fields.stateWord.trim(),
    cores: fields.cores,
    gpus: 0,
    nodeCount: fields.nodeCount ?? 1,
    memoryBytes: null,
    walltimeLimit: fields.walltimeLimit ?? null,
    submittedAt: fields.submittedAt ?? null,
    startedAt: fields.startedAt ?? null,
    comment: fields.comment ?? null,
    estimatedStart: fields.estimatedStart ?? null,
  };
}
