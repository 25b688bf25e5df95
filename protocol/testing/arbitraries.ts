/**
 * fast-check arbitraries for the model: random but valid canonical snapshots, and random
 * evolutions of a cluster (jobs arriving, starting, finishing, nodes going down ...). Used by the
 * protocol's property tests; other parts may use them for their own.
 */
import fc from 'fast-check';
import { canonicalSnapshot } from '../canonical-order.ts';
import {
  CLUSTER_HEALTH,
  JOB_STATES,
  NODE_STATES,
  QUEUE_KINDS,
  type Job,
  type JobCounts,
  type Node,
  type Queue,
  type Snapshot,
  type Status,
} from '../model.ts';
import { deriveSummary } from '../summary.ts';

/** fast-check may build objects without a prototype; decoded messages are plain objects. */
export const plain = <T>(value: T): T => structuredClone(value);

/** Valid Unicode text of every kind: ASCII, Latin-1 (two UTF-8 bytes), any code point. */
export const text = (maxLength = 24): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ unit: 'grapheme-ascii', maxLength }),
    fc.string({ unit: 'binary-ascii', maxLength }),
    fc.string({ unit: 'binary', maxLength }),
    fc.constantFrom('', 'jsmith', 'chem', 'normal', 'Not Running: Insufficient amount of resource: ncpus'),
  );

const nullable = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(arbitrary, { nil: null, freq: 3 });
/** Counts stay far below 2^53 even when summed over every job of a cluster. */
const count = fc.oneof(fc.nat(64), fc.nat(100_000), fc.constant(2 ** 31 - 1));
/** Epoch seconds from 1970 to the 2500s: the codec writes times as differences, which must fit. */
export const epoch = fc.oneof(fc.integer({ min: 1_700_000_000, max: 1_900_000_000 }), fc.integer({ min: 0, max: 2 ** 34 }));
const size = fc.oneof(fc.nat(), fc.nat(1 << 20).map((n) => n * 2 ** 30), fc.constant(Number.MAX_SAFE_INTEGER));

/** Ids in every shape: `123.srv`, `5[]`, `5[17].srv`, leading zeros, plain text. */
export const jobId = fc.oneof(
  fc.tuple(fc.nat(99_999_999), fc.constantFrom('.pbs01', '.srv.example.org', '', '.x')).map(([n, s]) => `${n}${s}`),
  fc.tuple(fc.nat(99_999_999), fc.option(fc.nat(100_000), { nil: null }), fc.constantFrom('.pbs01', '')).map(
    ([n, index, s]) => `${n}[${index ?? ''}]${s}`,
  ),
  fc.constantFrom('0123.srv', '00[7]', '1e5.srv', '12[ 3]', '999999999999999999.srv'),
  text(16),
);

const jobCounts: fc.Arbitrary<JobCounts> = fc.record(Object.fromEntries(JOB_STATES.map((state) => [state, fc.nat(5000)])) as Record<keyof JobCounts, fc.Arbitrary<number>>);

export const job = (id: fc.Arbitrary<string> = jobId): fc.Arbitrary<Job> =>
  fc.record({
    id,
    arrayParent: nullable(text(20)),
    arrayIndex: nullable(fc.nat(1_000_000)),
    isArrayParent: fc.boolean(),
    name: text(),
    user: fc.oneof(fc.constantFrom('alice', 'bob', 'cchen', 'dmüller'), text(12)),
    group: nullable(fc.constantFrom('chem', 'physics', 'bio')),
    account: nullable(text(12)),
    queue: fc.constantFrom('normal', 'short', 'gpu', 'long'),
    state: fc.constantFrom(...JOB_STATES),
    rawState: fc.constantFrom('Q', 'R', 'H', 'E', 'B', 'X', 'PENDING'),
    cores: count,
    gpus: fc.nat(16),
    nodeCount: fc.nat(512),
    memoryBytes: nullable(size),
    walltimeLimit: nullable(fc.nat(10_000_000)),
    submittedAt: nullable(epoch),
    startedAt: nullable(epoch),
    comment: nullable(text(80)),
    estimatedStart: nullable(epoch),
  });

export const node: fc.Arbitrary<Node> = fc.record({
  name: fc.oneof(fc.integer({ min: 1, max: 999 }).map((n) => `cn${n}`), text(12)),
  states: fc.subarray([...NODE_STATES]),
  cores: fc.nat(512),
  coresUsed: fc.nat(512),
  gpus: fc.nat(8),
  gpusUsed: fc.nat(8),
  memoryBytes: nullable(size),
  properties: fc.array(text(10), { maxLength: 4 }),
  comment: nullable(text(40)),
});

export const queue: fc.Arbitrary<Queue> = fc.record({
  name: fc.oneof(fc.constantFrom('normal', 'short', 'gpu', 'long'), text(10)),
  kind: fc.constantFrom(...QUEUE_KINDS),
  enabled: fc.boolean(),
  started: fc.boolean(),
  jobs: jobCounts,
  walltimeMax: nullable(fc.nat(10_000_000)),
  priority: nullable(fc.integer({ min: -1024, max: 1024 })),
  limits: fc.dictionary(fc.string({ maxLength: 20 }).filter((key) => key !== '__proto__'), text(20), { maxKeys: 4 }),
});

export const status: fc.Arbitrary<Status> = fc.record({
  health: fc.constantFrom(...CLUSTER_HEALTH),
  code: nullable(fc.constantFrom('timeout', 'parse-error', 'host-key-unknown')),
  message: nullable(text(60)),
  lastOkAt: nullable(epoch),
  durationMs: nullable(fc.nat(600_000)),
  outputBytes: nullable(fc.nat()),
});

/** A canonical snapshot whose summary is derived from its jobs and nodes, as the agent makes them. */
export const snapshot = (options: { maxJobs?: number } = {}): fc.Arbitrary<Snapshot> =>
  fc
    .record({
      cluster: fc.oneof(fc.constantFrom('alpha', 'beta'), text(12)),
      seq: fc.nat(),
      time: epoch,
      scheduler: fc.record({
        kind: fc.constantFrom('pbs', 'slurm'),
        flavour: fc.constantFrom('torque', 'pbspro', 'openpbs', 'slurm'),
        version: nullable(text(10)),
        server: nullable(text(20)),
      }),
      status,
      jobs: fc.uniqueArray(job(), { selector: (j) => j.id, maxLength: options.maxJobs ?? 30 }),
      nodes: fc.uniqueArray(node, { selector: (n) => n.name, maxLength: 12 }),
      queues: fc.uniqueArray(queue, { selector: (q) => q.name, maxLength: 5 }),
    })
    .map((parts) => canonicalSnapshot(plain({ ...parts, summary: deriveSummary(parts.jobs, parts.nodes) })));

/** One step of a cluster's life. */
export type Evolution =
  | { kind: 'arrive'; job: Job }
  | { kind: 'start'; pick: number; at: number }
  | { kind: 'finish'; pick: number }
  | { kind: 'hold'; pick: number }
  | { kind: 'node'; pick: number; states: Node['states']; comment: string | null }
  | { kind: 'node-added'; node: Node }
  | { kind: 'queue'; pick: number; enabled: boolean }
  | { kind: 'status'; status: Status }
  | { kind: 'scheduler-version'; version: string };

export const evolution: fc.Arbitrary<Evolution> = fc.oneof(
  job(fc.nat(1_000_000).map((n) => `${n}.pbs01`)).map((j) => ({ kind: 'arrive' as const, job: j })),
  fc.record({ kind: fc.constant('start' as const), pick: fc.nat(), at: epoch }),
  fc.record({ kind: fc.constant('finish' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('hold' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('node' as const), pick: fc.nat(), states: fc.subarray([...NODE_STATES]), comment: nullable(text(20)) }),
  node.map((n) => ({ kind: 'node-added' as const, node: n })),
  fc.record({ kind: fc.constant('queue' as const), pick: fc.nat(), enabled: fc.boolean() }),
  status.map((s) => ({ kind: 'status' as const, status: s })),
  text(8).map((version) => ({ kind: 'scheduler-version' as const, version })),
);

/** Applies a batch of evolution steps, giving the next canonical snapshot (seq + 1). */
export function evolve(previous: Snapshot, steps: readonly Evolution[], time: number): Snapshot {
  let jobs = [...previous.jobs];
  let nodes = [...previous.nodes];
  let queues = [...previous.queues];
  let status = previous.status;
  let scheduler = previous.scheduler;
  const at = <T>(list: T[], pick: number): number => (list.length === 0 ? -1 : pick % list.length);
  for (const step of steps) {
    switch (step.kind) {
      case 'arrive':
        jobs.push(step.job);
        break;
      case 'start': {
        const i = at(jobs, step.pick);
        if (i >= 0) jobs[i] = { ...jobs[i]!, state: 'running', rawState: 'R', startedAt: step.at, comment: null };
        break;
      }
      case 'finish': {
        const i = at(jobs, step.pick);
        if (i >= 0) jobs = jobs.filter((_, k) => k !== i);
        break;
      }
      case 'hold': {
        const i = at(jobs, step.pick);
        if (i >= 0) jobs[i] = { ...jobs[i]!, state: 'held', rawState: 'H' };
        break;
      }
      case 'node': {
        const i = at(nodes, step.pick);
        if (i >= 0) nodes[i] = { ...nodes[i]!, states: step.states, comment: step.comment };
        break;
      }
      case 'node-added':
        nodes.push(step.node);
        break;
      case 'queue': {
        const i = at(queues, step.pick);
        if (i >= 0) queues[i] = { ...queues[i]!, enabled: step.enabled };
        break;
      }
      case 'status':
        status = step.status;
        break;
      case 'scheduler-version':
        scheduler = { ...scheduler, version: step.version };
        break;
    }
  }
  nodes = nodes.filter((n, i) => nodes.findIndex((other) => other.name === n.name) === i);
  queues = queues.filter((q, i) => queues.findIndex((other) => other.name === q.name) === i);
  return canonicalSnapshot(plain({
    ...previous,
    seq: previous.seq + 1,
    time,
    status,
    scheduler,
    jobs,
    nodes,
    queues,
    summary: deriveSummary(jobs, nodes),
  }));
}
