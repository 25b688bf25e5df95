/**
 * The simulator's cluster (agent/simulator/synthetic-cluster.ts) as a Slurm would print it, for
 * `webstat-agent simulate --flavour slurm` and the demo: the exact command lines of the Slurm
 * command plan, answered with the text those commands print (squeue-text.ts,
 * sinfo-nodes-text.ts, sinfo-partitions-text.ts), so a simulated Slurm cluster runs the real
 * collector and parsers.
 *
 * The synthetic cluster thinks in PBS terms; the mapping is Slurm's view of the same work: job
 * `4810001[3].server` is array task `4810001_3` (the `[]` parent is no Slurm job), a queued job is
 * PENDING with a Slurm reason, a held one PENDING for `JobHeldUser`, an offline node drained (or
 * draining while jobs still run), a down one `down*`; queues are partitions, the group the account.
 */
import type { Job, Node } from '../../protocol/model.ts';
import type { RenderContext } from '../simulator/render-context.ts';
import type { Rendering } from '../simulator/renderings.ts';
import { FIELD_SEPARATOR, RECORD_SEPARATOR } from './delimited-table.ts';
import { SINFO_NODE_ARGS } from './sinfo-nodes-text.ts';
import { SINFO_PARTITION_ARGS } from './sinfo-partitions-text.ts';
import { SQUEUE_ARGS } from './squeue-text.ts';

export const SIMULATED_SLURM_VERSION = '23.11.10';

function table(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => `${row.join(FIELD_SEPARATOR)}${RECORD_SEPARATOR}\n`).join('');
}

function slurmDuration(seconds: number | null): string {
  if (seconds === null) return 'UNLIMITED';
  const days = Math.floor(seconds / 86400);
  const rest = seconds % 86400;
  const clock = [Math.floor(rest / 3600), Math.floor((rest % 3600) / 60), rest % 60].map((part) => String(part).padStart(2, '0')).join(':');
  return days > 0 ? `${days}-${clock}` : clock;
}

/** `4810001[3].pbs01` → `4810001_3`; `4810000.pbs01` → `4810000`. */
function slurmId(job: Job): string {
  const bare = job.id.replace(/\..*$/, '');
  return bare.replace(/^(\d+)\[(\d+)\]$/, '$1_$2');
}

const STATE_WORDS: Record<Job['state'], string> = {
  queued: 'PENDING',
  held: 'PENDING',
  waiting: 'PENDING',
  transit: 'PENDING',
  running: 'RUNNING',
  exiting: 'COMPLETING',
  suspended: 'SUSPENDED',
  completed: 'COMPLETED',
};

/** A Slurm pending reason for the simulator's PBS-style comment. */
function reasonOf(job: Job): string {
  if (job.state === 'held') return 'JobHeldUser';
  if (job.state === 'waiting') return 'BeginTime';
  if (job.state !== 'queued' && job.state !== 'transit') return 'None';
  const comment = job.comment ?? '';
  if (/Insufficient amount of resource/.test(comment)) return 'Resources';
  if (/running job limit/.test(comment)) return 'QOSMaxJobsPerUserLimit';
  if (/per-user limit/.test(comment)) return 'QOSMaxCpuPerUserLimit';
  return 'Priority';
}

export function renderSimulatedSqueue(context: RenderContext): string {
  const rows: string[][] = [
    ['JOBID', 'NAME', 'USER', 'GROUP', 'ACCOUNT', 'PARTITION', 'STATE', 'REASON', 'CPUS', 'NODES', 'TASKS', 'TRES_ALLOC', 'TRES_PER_JOB', 'TRES_PER_NODE', 'TRES_PER_TASK', 'MIN_MEMORY', 'TIME_LIMIT', 'SUBMIT_TIME', 'START_TIME'],
  ];
  for (const job of context.cluster.jobs()) {
    // squeue lists neither array parents nor (by default) finished jobs.
    if (job.isArrayParent || job.state === 'completed') continue;
    const memoryMegabytes = job.memoryBytes === null ? 0 : Math.round(job.memoryBytes / 2 ** 20);
    const gres = job.gpus > 0 ? `,gres/gpu=${job.gpus}` : '';
    const waits = job.state === 'queued' || job.state === 'held' || job.state === 'waiting' || job.state === 'transit';
    const start = waits ? job.estimatedStart : job.startedAt;
    rows.push([
      slurmId(job),
      job.name,
      job.user,
      job.group ?? job.user,
      job.group ?? '(null)',
      job.queue,
      STATE_WORDS[job.state],
      reasonOf(job),
      String(job.cores),
      String(job.nodeCount),
      String(job.cores),
      `cpu=${job.cores},mem=${memoryMegabytes}M,node=${job.nodeCount},billing=${job.cores}${gres}`,
      'N/A',
      job.gpus > 0 ? `gres:gpu:${Math.ceil(job.gpus / job.nodeCount)}` : 'N/A',
      'N/A',
      `${Math.ceil(memoryMegabytes / job.nodeCount)}M`,
      slurmDuration(job.walltimeLimit),
      String(job.submittedAt ?? 0),
      start === null ? 'N/A' : String(start),
    ]);
  }
  return table(rows);
}

/** The partitions a node is in: GPU and big-memory nodes have their own, the rest share the others. */
function partitionsOf(node: Node, partitions: readonly string[]): string[] {
  if (node.properties.includes('gpu')) return partitions.filter((name) => name === 'gpu');
  if (node.properties.includes('bigmem')) return partitions.filter((name) => name === 'bigmem');
  return partitions.filter((name) => name !== 'gpu' && name !== 'bigmem');
}

function nodeStates(node: Node): [long: string, complete: string] {
  const base = node.coresUsed === 0 ? 'idle' : node.coresUsed >= node.cores ? 'allocated' : 'mixed';
  if (node.states.includes('down')) return ['down*', 'down+not_responding'];
  if (node.states.includes('offline')) return [node.coresUsed > 0 ? 'draining' : 'drained', `${base}+drain`];
  if (node.states.includes('reserved')) return ['reserved', `${base}+reserved`];
  return [base, base];
}

export function renderSimulatedSinfoNodes(context: RenderContext): string {
  const partitions = context.cluster.queues.map((queue) => queue.name);
  const rows: string[][] = [['NODELIST', 'PARTITION', 'STATE', 'STATECOMPLETE', 'CPUS(A/I/O/T)', 'MEMORY', 'GRES', 'GRES_USED', 'AVAIL_FEATURES', 'REASON']];
  for (const node of context.cluster.nodes) {
    const [long, complete] = nodeStates(node);
    const unavailable = node.states.includes('down') || (node.states.includes('offline') && node.coresUsed === 0);
    const other = unavailable ? node.cores - node.coresUsed : 0;
    const cpus = `${node.coresUsed}/${node.cores - node.coresUsed - other}/${other}/${node.cores}`;
    const gres = node.gpus > 0 ? `gpu:a100:${node.gpus}(S:0-1)` : '(null)';
    const gresUsed = node.gpus > 0 ? `gpu:a100:${node.gpusUsed}(IDX:${node.gpusUsed > 0 ? `0-${node.gpusUsed - 1}` : 'N/A'})` : '(null)';
    for (const [index, partition] of partitionsOf(node, partitions).entries()) {
      rows.push([
        node.name,
        index === 0 && partition === partitions[0] ? `${partition}*` : partition,
        long,
        complete,
        cpus,
        String(Math.round((node.memoryBytes ?? 0) / 2 ** 20)),
        gres,
        gresUsed,
        node.properties.join(',') || '(null)',
        node.comment ?? 'none',
      ]);
    }
  }
  return table(rows);
}

export function renderSimulatedSinfoPartitions(context: RenderContext): string {
  const { cluster } = context;
  const partitions = cluster.queues.map((queue) => queue.name);
  const rows: string[][] = [['PARTITION', 'AVAIL', 'TIMELIMIT', 'DEFAULTTIME', 'PRIO_TIER', 'PRIO_JOB_FACTOR', 'MAX_CPUS_PER_NODE', 'JOB_SIZE', 'OVERSUBSCRIBE', 'GROUPS', 'NODES']];
  for (const [index, queue] of cluster.queues.entries()) {
    const nodes = cluster.nodes.filter((node) => partitionsOf(node, partitions).includes(queue.name)).length;
    rows.push([
      index === 0 ? `${queue.name}*` : queue.name,
      queue.enabled ? (queue.started ? 'up' : 'down') : queue.started ? 'drain' : 'inact',
      slurmDuration(queue.walltimeMax),
      'n/a',
      String(queue.priority ?? 1),
      '1',
      'UNLIMITED',
      '1-infinite',
      'NO',
      'all',
      String(nodes),
    ]);
  }
  return table(rows);
}

/** The command lines of the Slurm plan and `sinfo --version`, for the simulated scheduler. */
export const SLURM_RENDERINGS: readonly Rendering[] = [
  { name: 'squeue', program: 'squeue', args: SQUEUE_ARGS, flavours: ['slurm'], render: renderSimulatedSqueue },
  { name: 'sinfo-nodes', program: 'sinfo', args: SINFO_NODE_ARGS, flavours: ['slurm'], render: renderSimulatedSinfoNodes },
  { name: 'sinfo-partitions', program: 'sinfo', args: SINFO_PARTITION_ARGS, flavours: ['slurm'], render: renderSimulatedSinfoPartitions },
  { name: 'sinfo-version', program: 'sinfo', args: ['--version'], flavours: ['slurm'], render: () => `slurm ${SIMULATED_SLURM_VERSION}\n` },
];
