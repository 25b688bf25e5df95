/**
 * Small, hand-written clusters for the gateway's tests. The names are distinctive on purpose
 * (`zelda.quinn`, `grp-astro-secret`, `job-name-secret-…`) so a test can search every decoded frame
 * for them and know that a hit means a leak, not a coincidence.
 */
import { canonicalSnapshot } from '../../protocol/canonical-order.ts';
import type { Job, JobState, Node, Queue, Snapshot, Status } from '../../protocol/model.ts';
import { emptyJobCounts } from '../../protocol/model.ts';
import { deriveSummary } from '../../protocol/summary.ts';

export const SAMPLE_USERS = ['zelda.quinn', 'yorick.vance', 'xavier.ulm', 'wanda.trent', 'victor.sable', 'ursula.rook'];
export const SAMPLE_GROUPS = ['grp-astro-secret', 'grp-bio-secret', 'grp-chem-secret'];
export const SAMPLE_JOB_NAME_PREFIX = 'job-name-secret-';
export const SAMPLE_NODE_COMMENT = 'reserved for zelda.quinn';
export const SAMPLE_QUEUE_LIMIT = '[u:yorick.vance=4]';

export function okStatus(time: number): Status {
  return { health: 'ok', code: null, message: null, lastOkAt: time, durationMs: 850, outputBytes: 123_456 };
}

export interface SampleOptions {
  cluster?: string;
  seq?: number;
  time?: number;
  /** Number of jobs; they are spread over the users with a heavy first user. */
  jobs?: number;
}

function job(index: number, cluster: string): Job {
  const userIndex = index % 3 === 0 ? 0 : 1 + (index % (SAMPLE_USERS.length - 1));
  const states: JobState[] = ['running', 'running', 'queued', 'held', 'running', 'waiting'];
  const state = states[index % states.length]!;
  return {
    id: `${1000 + index}.${cluster}-pbs`,
    arrayParent: null,
    arrayIndex: null,
    isArrayParent: false,
    name: `${SAMPLE_JOB_NAME_PREFIX}${index}`,
    user: SAMPLE_USERS[userIndex]!,
    group: SAMPLE_GROUPS[userIndex % SAMPLE_GROUPS.length]!,
    account: null,
    queue: index % 4 === 0 ? 'long' : 'normal',
    state,
    rawState: state === 'running' ? 'R' : state === 'held' ? 'H' : state === 'waiting' ? 'W' : 'Q',
    cores: 1 + (index % 8),
    gpus: index % 5 === 0 ? 1 : 0,
    nodeCount: 1,
    memoryBytes: 4 * 2 ** 30,
    walltimeLimit: 3600,
    submittedAt: 1_795_000_000 - index * 60,
    startedAt: state === 'running' ? 1_795_000_000 - index * 30 : null,
    comment: state === 'held' ? `held by ${SAMPLE_USERS[userIndex]}` : null,
    estimatedStart: null,
  };
}

function nodes(): Node[] {
  return Array.from({ length: 8 }, (_, i) => ({
    name: `node${String(i + 1).padStart(3, '0')}`,
    states: i === 7 ? ['offline'] : i < 5 ? ['busy'] : ['free'],
    cores: 32,
    coresUsed: i < 5 ? 32 : 0,
    gpus: i < 2 ? 4 : 0,
    gpusUsed: 0,
    memoryBytes: 256 * 2 ** 30,
    properties: ['compute'],
    comment: i === 7 ? SAMPLE_NODE_COMMENT : null,
  }));
}

function queues(): Queue[] {
  return [
    { name: 'long', kind: 'execution', enabled: true, started: true, jobs: emptyJobCounts(), walltimeMax: 604_800, priority: 10, limits: { max_run: SAMPLE_QUEUE_LIMIT } },
    { name: 'normal', kind: 'execution', enabled: true, started: true, jobs: emptyJobCounts(), walltimeMax: 172_800, priority: 50, limits: {} },
  ];
}

export function sampleSnapshot(options: SampleOptions = {}): Snapshot {
  const cluster = options.cluster ?? 'alpha';
  const time = options.time ?? 1_795_000_000;
  const jobs = Array.from({ length: options.jobs ?? 40 }, (_, i) => job(i, cluster));
  const nodeList = nodes();
  return canonicalSnapshot({
    cluster,
    seq: options.seq ?? 1,
    time,
    scheduler: { kind: 'pbs', flavour: 'openpbs', version: '23.06.06', server: `${cluster}-pbs` },
    status: okStatus(time),
    summary: deriveSummary(jobs, nodeList),
    jobs,
    nodes: nodeList,
    queues: queues(),
  });
}

/** The next poll of a sample cluster: `finished` jobs gone, `arrived` new ones, seq + 1. */
export function nextSnapshot(previous: Snapshot, change: { finished?: number; arrived?: number } = {}): Snapshot {
  const finished = change.finished ?? 2;
  const arrived = change.arrived ?? 3;
  const kept = previous.jobs.slice(finished);
  const highest = previous.jobs.reduce((max, j) => Math.max(max, Number.parseInt(j.id, 10) - 1000), 0);
  const fresh = Array.from({ length: arrived }, (_, i) => job(highest + 1 + i, previous.cluster));
  const jobs = [...kept, ...fresh];
  const time = previous.time + 60;
  return canonicalSnapshot({
    ...previous,
    seq: previous.seq + 1,
    time,
    status: okStatus(time),
    summary: deriveSummary(jobs, previous.nodes),
    jobs,
  });
}
