/**
 * The normalised model every part of webstat speaks (DESIGN.md, "The model").
 *
 * Musts that the codec and `diff`/`apply` rely on:
 * - times are whole epoch seconds; durations whole seconds; sizes whole bytes;
 * - a value that is unknown is `null`, never 0 or '' (0 cores is a real answer);
 * - a snapshot is canonical (see canonical-order.ts): jobs sorted by id, nodes, queues and usage
 *   rows by name, no duplicate keys, node states in NODE_STATES order.
 */

/** Job states as words; every scheduler's letters map onto these. */
export const JOB_STATES = [
  'queued',
  'held',
  'waiting',
  'running',
  'exiting',
  'suspended',
  'transit',
  'completed',
] as const;
export type JobState = (typeof JOB_STATES)[number];

/** Node state words; a node may carry several (PBS prints `down,offline`). */
export const NODE_STATES = ['free', 'partly-used', 'busy', 'reserved', 'offline', 'down', 'unknown'] as const;
export type NodeState = (typeof NODE_STATES)[number];

export const QUEUE_KINDS = ['execution', 'route'] as const;
export type QueueKind = (typeof QUEUE_KINDS)[number];

export const CLUSTER_HEALTH = ['ok', 'stale', 'unreachable', 'scheduler-error'] as const;
/** ok: fresh data; stale: last good data is older than it should be; unreachable: the agent cannot
 * be reached; scheduler-error: the agent answers but the scheduler's commands fail. */
export type ClusterHealth = (typeof CLUSTER_HEALTH)[number];

/** Detail levels of DESIGN.md "Audiences", from least to most. */
export const LEVELS = ['summary', 'users', 'jobs'] as const;
export type Level = (typeof LEVELS)[number];

export interface Job {
  /** The scheduler's full id: `123.server`, array subjob `123[4].server`, parent `123[].server`. */
  id: string;
  /** For an array subjob, the parent's id; otherwise null. */
  arrayParent: string | null;
  /** For an array subjob, its index; otherwise null. */
  arrayIndex: number | null;
  /** True for an array parent, which never counts as running. */
  isArrayParent: boolean;
  name: string;
  user: string;
  group: string | null;
  account: string | null;
  queue: string;
  state: JobState;
  /** The scheduler's own state (`R`, `Q`, `B`, `PENDING`, `Idle` ...). */
  rawState: string;
  /** Cores allocated (running) or requested (queued), by the flavour's rules. */
  cores: number;
  gpus: number;
  nodeCount: number;
  memoryBytes: number | null;
  walltimeLimit: number | null;
  submittedAt: number | null;
  startedAt: number | null;
  /** Scheduler comment or pending reason. */
  comment: string | null;
  estimatedStart: number | null;
}

export interface Node {
  name: string;
  /** A set, in NODE_STATES order. */
  states: NodeState[];
  cores: number;
  coresUsed: number;
  gpus: number;
  gpusUsed: number;
  memoryBytes: number | null;
  /** Properties, features or partitions, in the scheduler's order. */
  properties: string[];
  /** Why a node is down or offline, when the scheduler says. */
  comment: string | null;
}

/** Job counts by state, every state present. */
export type JobCounts = Record<JobState, number>;
/** Node counts by primary state, every state present. */
export type NodeCounts = Record<NodeState, number>;

export interface Queue {
  name: string;
  kind: QueueKind;
  enabled: boolean;
  started: boolean;
  jobs: JobCounts;
  /** Longest walltime a job may ask for, seconds. */
  walltimeMax: number | null;
  priority: number | null;
  /** Other limits as the scheduler prints them (`max_run`, `resources_max.ncpus`), sorted by key. */
  limits: Record<string, string>;
}

/** Usage of one user, group or queue. */
export interface Usage {
  name: string;
  coresRunning: number;
  coresQueued: number;
  gpusRunning: number;
  gpusQueued: number;
  jobsRunning: number;
  jobsQueued: number;
  jobsHeld: number;
}

export interface Summary {
  coresTotal: number;
  coresUsed: number;
  /** Cores on nodes that are down, offline or unknown. */
  coresUnavailable: number;
  gpusTotal: number;
  gpusUsed: number;
  nodes: NodeCounts;
  jobs: JobCounts;
  /** Submission time of the oldest job still waiting to start (elapsed is derived). */
  oldestQueuedSince: number | null;
  users: Usage[];
  groups: Usage[];
  queues: Usage[];
}

export interface Status {
  health: ClusterHealth;
  /** A machine-readable reason when not ok (`timeout`, `parse-error`, `host-key-unknown` ...). */
  code: string | null;
  message: string | null;
  /** End of the last good collection. */
  lastOkAt: number | null;
  /** Duration of the last collection, milliseconds. */
  durationMs: number | null;
  /** Bytes the scheduler's commands printed in the last collection. */
  outputBytes: number | null;
}

export interface SchedulerInfo {
  /** Family: `pbs`, `slurm`, `moab` ... */
  kind: string;
  /** `torque`, `pbspro`, `openpbs`, `slurm` ... */
  flavour: string;
  version: string | null;
  server: string | null;
}

export interface Snapshot {
  cluster: string;
  /** Sequence number of this collection; +1 per collection that changed anything. */
  seq: number;
  /** When the collection finished. */
  time: number;
  scheduler: SchedulerInfo;
  status: Status;
  summary: Summary;
  /** Empty below the `jobs` level. */
  jobs: Job[];
  nodes: Node[];
  queues: Queue[];
}

export function emptyJobCounts(): JobCounts {
  return { queued: 0, held: 0, waiting: 0, running: 0, exiting: 0, suspended: 0, transit: 0, completed: 0 };
}

export function emptyNodeCounts(): NodeCounts {
  return { free: 0, 'partly-used': 0, busy: 0, reserved: 0, offline: 0, down: 0, unknown: 0 };
}
