/**
 * The configuration of the single-node test cluster (issue 8): the machine's own short hostname
 * as the only node, its real cores and memory, every path in the cluster's temporary directory,
 * root as SlurmUser (the simplest for a test), and the plugins that need no cgroups or database:
 * proctrack/linuxproc, task/none, jobacct_gather/none, select/cons_tres with CR_Core (cores are
 * what webstat counts; memory is not consumable, so jobs share the node's memory).
 */

export interface PartitionSpec {
  name: string;
  default?: boolean;
  /** Slurm time, e.g. `1-00:00:00`; default UNLIMITED. */
  maxTime?: string;
  priorityTier?: number;
}

export interface SlurmConfSpec {
  clusterName: string;
  /** `hostname -s` of this machine: slurmd must find itself in the node list. */
  nodeName: string;
  cpus: number;
  realMemoryMegabytes: number;
  controllerPort: number;
  nodePort: number;
  /** The cluster's temporary directory; every path of the cluster is inside it. */
  directory: string;
  mungeSocket: string;
  partitions: PartitionSpec[];
  /** GPUs of the node (GRES `gpu:tesla:N`), backed by device files in the directory. */
  gpus: number;
  features: string[];
}

export function renderSlurmConf(spec: SlurmConfSpec): string {
  const d = spec.directory;
  const gres = spec.gpus > 0 ? ` Gres=gpu:tesla:${spec.gpus}` : '';
  const features = spec.features.length > 0 ? ` Feature=${spec.features.join(',')}` : '';
  const lines = [
    `ClusterName=${spec.clusterName}`,
    `SlurmctldHost=${spec.nodeName}(127.0.0.1)`,
    `SlurmctldPort=${spec.controllerPort}`,
    `SlurmdPort=${spec.nodePort}`,
    'SlurmUser=root',
    'SlurmdUser=root',
    'AuthType=auth/munge',
    `AuthInfo=socket=${spec.mungeSocket}`,
    'CredType=cred/munge',
    `StateSaveLocation=${d}/state`,
    `SlurmdSpoolDir=${d}/spool`,
    `SlurmctldPidFile=${d}/slurmctld.pid`,
    `SlurmdPidFile=${d}/slurmd.pid`,
    `SlurmctldLogFile=${d}/log/slurmctld.log`,
    `SlurmdLogFile=${d}/log/slurmd.log`,
    'ProctrackType=proctrack/linuxproc',
    'TaskPlugin=task/none',
    'JobAcctGatherType=jobacct_gather/none',
    'AccountingStorageType=accounting_storage/none',
    'SelectType=select/cons_tres',
    'SelectTypeParameters=CR_Core',
    'SchedulerType=sched/backfill',
    'MpiDefault=none',
    'SwitchType=switch/none',
    'ReturnToService=2',
    'MailProg=/bin/true',
    // Finished jobs leave squeue soon, so a test sees them go.
    'MinJobAge=10',
    ...(spec.gpus > 0 ? ['GresTypes=gpu'] : []),
    `NodeName=${spec.nodeName} NodeAddr=127.0.0.1 CPUs=${spec.cpus} RealMemory=${spec.realMemoryMegabytes}${gres}${features} State=UNKNOWN`,
    ...spec.partitions.map((partition) =>
      [
        `PartitionName=${partition.name}`,
        `Nodes=${spec.nodeName}`,
        `Default=${partition.default ? 'YES' : 'NO'}`,
        `MaxTime=${partition.maxTime ?? 'UNLIMITED'}`,
        ...(partition.priorityTier !== undefined ? [`PriorityTier=${partition.priorityTier}`] : []),
        'State=UP',
      ].join(' '),
    ),
  ];
  return `${lines.join('\n')}\n`;
}

/** gres.conf: one device file per GPU (`gpu0`, `gpu1` ...), which slurmd only checks exist. */
export function renderGresConf(spec: SlurmConfSpec): string {
  if (spec.gpus === 0) return '';
  const files = spec.gpus === 1 ? `${spec.directory}/gpu0` : `${spec.directory}/gpu[0-${spec.gpus - 1}]`;
  return `NodeName=${spec.nodeName} Name=gpu Type=tesla File=${files}\n`;
}
