/**
 * A synthetic but realistic PBS cluster that evolves poll by poll, made from a fixed seed.
 * The simulator renders it as real-format scheduler text (so the demo runs the real parsers) and
 * the benchmarks use it directly.
 *
 * Spreads follow what busy university clusters look like: a few heavy users and many light ones
 * (Zipf), mostly small jobs with a long tail of wide ones, a deep queue of waiting work, array
 * jobs, job names from a real vocabulary with run numbers, a few nodes down or offline. Between
 * two polls 1% of jobs change state, 0.5% arrive and 0.5% finish.
 */
import { canonicalSnapshot } from '../../protocol/canonical-order.ts';
import type { Job, JobState, Node, NodeState, Queue, Snapshot } from '../../protocol/model.ts';
import { emptyJobCounts } from '../../protocol/model.ts';
import { deriveSummary } from '../../protocol/summary.ts';
import { SIMULATED_SLURM_VERSION } from '../slurm/simulated-slurm.ts';
import { Random } from './random.ts';

export interface SyntheticClusterOptions {
  name: string;
  seed: number;
  jobs: number;
  nodes: number;
  users: number;
  groups: number;
  /** Seconds between polls. */
  interval: number;
  /** Epoch seconds of the first poll. */
  start: number;
  /** How it prints itself: a PBS flavour, or Slurm (agent/slurm/simulated-slurm.ts). */
  flavour: 'torque' | 'pbspro' | 'openpbs' | 'slurm';
  server: string;
}

export const DEFAULT_SYNTHETIC_OPTIONS: SyntheticClusterOptions = {
  name: 'synthetic',
  seed: 20261128,
  jobs: 10_000,
  nodes: 500,
  users: 60,
  groups: 12,
  interval: 60,
  start: 1_795_000_000,
  flavour: 'pbspro',
  server: 'pbs01',
};

export interface QueueSpec {
  name: string;
  walltimeMax: number;
  priority: number;
  weight: number;
  gpu: boolean;
}

export const QUEUE_SPECS: readonly QueueSpec[] = [
  { name: 'normal', walltimeMax: 48 * 3600, priority: 50, weight: 50, gpu: false },
  { name: 'short', walltimeMax: 4 * 3600, priority: 80, weight: 20, gpu: false },
  { name: 'long', walltimeMax: 168 * 3600, priority: 20, weight: 10, gpu: false },
  { name: 'gpu', walltimeMax: 48 * 3600, priority: 50, weight: 10, gpu: true },
  { name: 'bigmem', walltimeMax: 72 * 3600, priority: 40, weight: 5, gpu: false },
  { name: 'debug', walltimeMax: 1800, priority: 100, weight: 5, gpu: false },
];

const SURNAMES = [
  'smith', 'garcia', 'mueller', 'rossi', 'kumar', 'wang', 'li', 'nguyen', 'kowalski', 'novak', 'silva',
  'tanaka', 'kim', 'johansson', 'dubois', 'moreau', 'fischer', 'weber', 'lopez', 'martin', 'brown',
  'wilson', 'taylor', 'anders', 'petrov', 'ivanova', 'chen', 'zhang', 'singh', 'patel', 'okafor',
  'mensah', 'haddad', 'cohen', 'ferrari', 'romano', 'jensen', 'larsen', 'virtanen', 'horvat',
];
const GROUPS = [
  'chem', 'physics', 'biolab', 'astro', 'climate', 'materials', 'genomics', 'cfd', 'mlgroup', 'hep',
  'neuro', 'econ', 'geo', 'math', 'ocean', 'optics',
];
const APPS = [
  'vasp', 'lammps', 'gromacs', 'cp2k', 'namd', 'orca', 'g16', 'openfoam', 'wrf', 'python', 'matlab',
  'Rscript', 'julia', 'nwchem', 'qe', 'abinit', 'amber', 'relion', 'alphafold', 'bwa', 'gatk', 'star',
];
const TASKS = ['relax', 'md', 'prod', 'eq', 'scf', 'opt', 'train', 'sweep', 'post', 'mesh', 'bench', 'sample', 'fit', 'neb'];
const SAMPLES = ['Si64', 'H2O_box', 'LiFePO4', 'spike_rbd', 'TiO2_101', 'graphene', 'MOF5', 'ubq', 'ch4_hydrate', 'era5', 'ERR3413'];
const PENDING_REASONS = [
  'Not Running: Insufficient amount of resource: ncpus',
  'Not Running: User has reached queue normal running job limit.',
  'Not Running: Job would conflict with reservation or top job',
  'Not Running: Insufficient amount of resource: ngpus',
  'Not Running: Queue long per-user limit reached on resource ncpus',
];
const NODE_COMMENTS = ['hardware: DIMM error', 'maintenance: firmware update', 'node down: mom not responding', 'IB link flapping'];

interface Placement {
  node: number;
  cores: number;
  gpus: number;
}

interface JobEntry {
  job: Job;
  placement: Placement[];
}

export class SyntheticCluster {
  readonly options: SyntheticClusterOptions;
  readonly users: { name: string; group: string; weight: number }[] = [];
  readonly nodes: Node[] = [];
  readonly queues: Queue[];
  private readonly random: Random;
  private readonly entries = new Map<string, JobEntry>();
  private nextNumber: number;
  time: number;
  seq = 1;

  constructor(options: Partial<SyntheticClusterOptions> = {}) {
    this.options = { ...DEFAULT_SYNTHETIC_OPTIONS, ...options };
    this.random = new Random(this.options.seed);
    this.time = this.options.start;
    this.nextNumber = 4_810_000 + this.random.int(0, 90_000);
    this.makeUsers();
    this.makeNodes();
    this.queues = QUEUE_SPECS.map((spec) => ({
      name: spec.name,
      kind: 'execution' as const,
      enabled: true,
      started: true,
      jobs: emptyJobCounts(),
      walltimeMax: spec.walltimeMax,
      priority: spec.priority,
      limits: { max_run: `[u:PBS_GENERIC=${spec.gpu ? 8 : 200}]` },
    }));
    while (this.jobCount() < this.options.jobs) this.arrive(true);
    this.orderInitialSubmissions();
  }

  /** Jobs and array subjobs listed by the scheduler (parents included). */
  jobCount(): number {
    return this.entries.size;
  }

  jobs(): Job[] {
    return [...this.entries.values()].map((entry) => entry.job);
  }

  /** The nodes each running job runs on, with cores and GPUs per node (for exec_host). */
  placementOf(id: string): readonly Placement[] {
    return this.entries.get(id)?.placement ?? [];
  }

  snapshot(): Snapshot {
    const jobs = this.jobs();
    const nodes = this.nodes.map((node) => ({ ...node, states: [...node.states], properties: [...node.properties] }));
    const queues = this.queues.map((queue) => {
      const counts = emptyJobCounts();
      for (const job of jobs) if (job.queue === queue.name && !job.isArrayParent) counts[job.state] += 1;
      return { ...queue, jobs: counts };
    });
    return canonicalSnapshot({
      cluster: this.options.name,
      seq: this.seq,
      time: this.time,
      scheduler: {
        kind: this.options.flavour === 'slurm' ? 'slurm' : 'pbs',
        flavour: this.options.flavour,
        version: { torque: '6.1.3', pbspro: '2022.1.4', openpbs: '2022.1.4', slurm: SIMULATED_SLURM_VERSION }[this.options.flavour],
        server: this.options.server,
      },
      status: { health: 'ok', code: null, message: null, lastOkAt: this.time, durationMs: 180 + this.random.int(0, 400), outputBytes: null },
      summary: deriveSummary(jobs, nodes),
      jobs,
      nodes,
      queues,
    });
  }

  /** One poll interval later: state changes, arrivals, departures, now and then a node event. */
  step(): void {
    this.time += this.options.interval;
    this.seq += 1;
    const n = this.options.jobs;
    const changes = Math.round(n * 0.01);
    const arrivals = Math.round(n * 0.005);
    const departures = Math.round(n * 0.005);
    for (let i = 0; i < departures; i++) this.finishOne();
    for (let i = 0; i < changes; i++) this.changeOne();
    // Submitted during the interval, in id order (PBS numbers jobs as they arrive).
    const submissions = Array.from({ length: arrivals }, () => this.time - this.random.int(0, this.options.interval)).sort((a, b) => a - b);
    for (const submittedAt of submissions) this.arrive(false, submittedAt);
    if (this.random.chance(0.3)) this.nodeEvent();
  }

  private makeUsers(): void {
    const groups = GROUPS.slice(0, this.options.groups);
    const taken = new Set<string>();
    for (let i = 0; this.users.length < this.options.users; i++) {
      const initials = String.fromCharCode(97 + this.random.int(0, 25)) + (this.random.chance(0.3) ? String.fromCharCode(97 + this.random.int(0, 25)) : '');
      let name = initials + this.random.pick(SURNAMES);
      if (taken.has(name)) name += String(this.random.int(2, 9));
      if (taken.has(name)) continue;
      taken.add(name);
      // Zipf-like: the k-th user submits about 1/k as much as the first.
      this.users.push({ name, group: groups[this.random.int(0, groups.length - 1)]!, weight: 1 / (this.users.length + 1) });
      if (i > this.options.users * 20) throw new Error('cannot make enough distinct user names');
    }
  }

  private makeNodes(): void {
    const total = this.options.nodes;
    const gpuNodes = Math.round(total * 0.1);
    const bigmemNodes = Math.round(total * 0.08);
    for (let i = 0; i < total; i++) {
      const isGpu = i >= total - gpuNodes;
      const isBigmem = !isGpu && i >= total - gpuNodes - bigmemNodes;
      const name = isGpu ? `gpu${pad(i - (total - gpuNodes) + 1, 3)}` : isBigmem ? `bm${pad(i - (total - gpuNodes - bigmemNodes) + 1, 3)}` : `cn${pad(i + 1, 4)}`;
      const cores = isGpu ? 32 : isBigmem ? 64 : 48;
      const down = this.random.chance(0.015);
      const offline = !down && this.random.chance(0.02);
      const states: NodeState[] = down ? ['down'] : offline ? ['offline'] : ['free'];
      this.nodes.push({
        name,
        states,
        cores,
        coresUsed: 0,
        gpus: isGpu ? 4 : 0,
        gpusUsed: 0,
        memoryBytes: (isGpu ? 384 : isBigmem ? 1024 : 192) * 2 ** 30,
        properties: isGpu ? ['gpu', 'a100', 'ib'] : isBigmem ? ['bigmem', 'ib'] : ['cpu', 'ib'],
        comment: down || offline ? this.random.pick(NODE_COMMENTS) : null,
      });
    }
  }

  private jobName(): string {
    const r = this.random;
    switch (r.int(0, 6)) {
      case 0:
        return `${r.pick(APPS)}_${r.pick(TASKS)}_${r.int(1, 400)}`;
      case 1:
        return `${r.pick(SAMPLES)}-${r.pick(TASKS)}${r.int(1, 60)}`;
      case 2:
        return `run${pad(r.int(0, 9999), 4)}.sh`;
      case 3:
        return `${r.pick(APPS)}.${r.pick(SAMPLES)}`;
      case 4:
        return `job_${r.int(0, 0xffffff).toString(16)}`;
      case 5:
        return `${r.pick(TASKS)}_${r.pick(SAMPLES)}_T${r.int(100, 900)}K`;
      default:
        return r.pick(['submit.pbs', 'job.sh', 'STDIN', 'batch.sh', 'run.pbs']);
    }
  }

  private drawCores(queue: QueueSpec): number {
    if (queue.name === 'debug') return this.random.pick([1, 2, 4, 8]);
    if (queue.gpu) return this.random.pick([4, 8, 16, 32]);
    return this.random.weighted([
      [1, 45], [2, 10], [4, 12], [8, 10], [16, 8], [32, 6], [48, 4], [96, 3], [192, 1.5], [384, 0.5],
    ] as const);
  }

  private pickUser(): { name: string; group: string } {
    return this.random.weighted(this.users.map((user) => [user, user.weight] as const));
  }

  /** A new job (sometimes an array of them); at start-up some are already running or held. A job
   * arriving during a step was submitted at `submittedAtStep`. */
  private arrive(initial: boolean, submittedAtStep = this.time): void {
    const queue = this.random.weighted(QUEUE_SPECS.map((spec) => [spec, spec.weight] as const));
    const user = this.pickUser();
    const cores = this.drawCores(queue);
    const gpus = queue.gpu ? Math.min(4, Math.max(1, cores / 8)) : 0;
    const number = this.nextNumber;
    this.nextNumber += this.random.int(1, 3);
    const suffix = `.${this.options.server}`;
    const submittedAt = initial ? this.time - Math.round(this.random.exponential(6 * 3600)) : submittedAtStep;
    const walltimeLimit = Math.min(queue.walltimeMax, Math.ceil(this.random.logNormal(queue.walltimeMax / 4, 0.8) / 900) * 900);
    const base: Job = {
      id: `${number}${suffix}`,
      arrayParent: null,
      arrayIndex: null,
      isArrayParent: false,
      name: this.jobName(),
      user: user.name,
      group: user.group,
      account: this.random.chance(0.7) ? `proj-${user.group}` : null,
      queue: queue.name,
      state: 'queued',
      rawState: 'Q',
      cores,
      gpus,
      nodeCount: Math.max(1, Math.ceil(cores / 48)),
      memoryBytes: cores * this.random.pick([2, 4, 4, 8]) * 2 ** 30,
      walltimeLimit,
      submittedAt,
      startedAt: null,
      comment: null,
      estimatedStart: null,
    };
    const isArray = this.random.chance(initial ? 0.02 : 0.01);
    if (!isArray) {
      this.add(base, initial);
      return;
    }
    const size = this.random.int(4, 40);
    const parentId = `${number}[]${suffix}`;
    this.entries.set(parentId, { job: { ...base, id: parentId, isArrayParent: true, rawState: 'Q' }, placement: [] });
    for (let index = 1; index <= size && this.jobCount() < (initial ? this.options.jobs : Infinity); index++) {
      this.add({ ...base, id: `${number}[${index}]${suffix}`, arrayParent: parentId, arrayIndex: index, cores: Math.min(cores, 8), gpus: 0 }, initial);
    }
  }

  private add(job: Job, initial: boolean): void {
    const entry: JobEntry = { job, placement: [] };
    this.entries.set(job.id, entry);
    if (initial) {
      const roll = this.random.next();
      if (roll < 0.5 && this.tryStart(entry, this.time - this.random.int(60, Math.max(120, (job.walltimeLimit ?? 3600) - 60)))) return;
      if (roll > 0.93) this.setState(entry, 'held', 'H');
      else this.queue(entry);
    } else {
      this.queue(entry);
    }
  }

  /**
   * PBS numbers jobs as they are submitted: a higher id was submitted later (the fixtures' ctime
   * rises with the id). The initial jobs draw their ages independently of their ids, so the same
   * submission times are handed out again in id order, one per submission (array subjobs share
   * their parent's). A running job never started before it was submitted: one whose start now
   * comes first starts at a time drawn between its submission and now.
   */
  private orderInitialSubmissions(): void {
    const submissions: number[] = [];
    let previousNumber = -1;
    for (const { job } of this.entries.values()) {
      const number = Number.parseInt(job.id, 10);
      if (number !== previousNumber) submissions.push(job.submittedAt!);
      previousNumber = number;
    }
    submissions.sort((a, b) => a - b);
    let at = -1;
    previousNumber = -1;
    for (const entry of this.entries.values()) {
      const number = Number.parseInt(entry.job.id, 10);
      if (number !== previousNumber) at++;
      previousNumber = number;
      const submittedAt = submissions[at]!;
      entry.job = { ...entry.job, submittedAt };
      const startedAt = entry.job.startedAt;
      if (startedAt !== null && startedAt < submittedAt) {
        const start = submittedAt + this.random.int(0, this.time - submittedAt);
        entry.job = { ...entry.job, startedAt: start, comment: this.runComment(start, entry.placement) };
      }
    }
  }

  private runComment(startedAt: number, placement: readonly Placement[]): string {
    const first = this.nodes[placement[0]!.node]!.name;
    return `Job run at ${new Date(startedAt * 1000).toUTCString().slice(0, 22)} on (${first}:ncpus=${placement[0]!.cores})`;
  }

  private queue(entry: JobEntry): void {
    const comment = this.random.chance(0.8) ? this.random.pick(PENDING_REASONS) : null;
    const estimatedStart = this.random.chance(0.2) ? this.time + this.random.int(600, 3 * 86400) : null;
    entry.job = { ...entry.job, state: 'queued', rawState: 'Q', comment, estimatedStart, startedAt: null };
  }

  private setState(entry: JobEntry, state: JobState, rawState: string, extra: Partial<Job> = {}): void {
    entry.job = { ...entry.job, state, rawState, ...extra };
  }

  /** Places a job on free cores (whole nodes for wide jobs); false when it does not fit. */
  private tryStart(entry: JobEntry, startedAt: number): boolean {
    const job = entry.job;
    const wantGpu = job.gpus > 0;
    const placement: Placement[] = [];
    let coresLeft = job.cores;
    let gpusLeft = job.gpus;
    const start = this.random.int(0, this.nodes.length - 1);
    for (let k = 0; k < this.nodes.length && coresLeft > 0; k++) {
      const at = (start + k) % this.nodes.length;
      const node = this.nodes[at]!;
      if (node.states.includes('down') || node.states.includes('offline')) continue;
      if (wantGpu !== node.gpus > 0) continue;
      const free = node.cores - node.coresUsed;
      const wide = job.cores > node.cores;
      if (wide ? free < node.cores : free < coresLeft) continue;
      if (wantGpu && node.gpus - node.gpusUsed < Math.min(gpusLeft, node.gpus)) continue;
      const cores = Math.min(coresLeft, node.cores);
      const gpus = Math.min(gpusLeft, node.gpus - node.gpusUsed);
      placement.push({ node: at, cores, gpus });
      coresLeft -= cores;
      gpusLeft -= gpus;
      node.coresUsed += cores;
      node.gpusUsed += gpus;
      this.updateNodeState(node);
    }
    if (coresLeft > 0) {
      this.release(placement);
      return false;
    }
    entry.placement = placement;
    this.setState(entry, 'running', 'R', {
      startedAt,
      estimatedStart: null,
      nodeCount: placement.length,
      comment: this.runComment(startedAt, placement),
    });
    return true;
  }

  private release(placement: Placement[]): void {
    for (const { node: at, cores, gpus } of placement) {
      const node = this.nodes[at]!;
      node.coresUsed -= cores;
      node.gpusUsed -= gpus;
      this.updateNodeState(node);
    }
  }

  private updateNodeState(node: Node): void {
    if (node.states.includes('down') || node.states.includes('offline')) return;
    node.states = node.coresUsed === 0 ? ['free'] : node.coresUsed >= node.cores ? ['busy'] : ['partly-used'];
  }

  private randomEntry(filter: (job: Job) => boolean): JobEntry | undefined {
    const all = [...this.entries.values()];
    for (let tries = 0; tries < 50; tries++) {
      const entry = all[this.random.int(0, all.length - 1)]!;
      if (!entry.job.isArrayParent && filter(entry.job)) return entry;
    }
    return all.find((entry) => !entry.job.isArrayParent && filter(entry.job));
  }

  private finishOne(): void {
    const entry = this.randomEntry((job) => job.state === 'running' || job.state === 'exiting');
    if (!entry) return;
    this.release(entry.placement);
    this.entries.delete(entry.job.id);
    const parent = entry.job.arrayParent;
    if (parent && ![...this.entries.values()].some((other) => other.job.arrayParent === parent)) this.entries.delete(parent);
  }

  private changeOne(): void {
    const entry = this.randomEntry((job) => job.state !== 'completed');
    if (!entry) return;
    const job = entry.job;
    if (job.state === 'queued') {
      // Never before its submission (a job that arrived during this interval).
      const startedAt = Math.max(job.submittedAt ?? 0, this.time - this.random.int(0, this.options.interval));
      if (!this.tryStart(entry, startedAt)) this.setState(entry, 'queued', 'Q', { comment: PENDING_REASONS[0]! });
    } else if (job.state === 'held') {
      this.queue(entry);
    } else if (job.state === 'running') {
      if (this.random.chance(0.05)) this.setState(entry, 'suspended', 'S');
      else this.setState(entry, 'exiting', 'E');
    } else if (job.state === 'suspended') {
      this.setState(entry, 'running', 'R');
    } else if (job.state === 'exiting') {
      this.release(entry.placement);
      this.entries.delete(job.id);
    }
  }

  private nodeEvent(): void {
    const node = this.random.pick(this.nodes);
    if (node.states.includes('down') || node.states.includes('offline')) {
      node.states = ['free'];
      node.comment = null;
      this.updateNodeState(node);
    } else if (node.coresUsed === 0) {
      node.states = [this.random.chance(0.5) ? 'down' : 'offline'];
      node.comment = this.random.pick(NODE_COMMENTS);
    }
  }
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
