/**
 * The parts of a job's `qstat -f` record that the synthetic model does not hold (submit host,
 * session id, paths, environment, resources used so far), made up deterministically from the job
 * id so the same job prints the same way poll after poll.
 */
import type { Job } from '../../protocol/model.ts';

/** FNV-1a of the id: cheap, stable, well spread. */
export function idHash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** `4810023` of `4810023[7].pbs01`. */
export function jobNumber(id: string): string {
  const end = id.search(/[.[]/);
  return end < 0 ? id : id.slice(0, end);
}

/** The session id of a running job, the same in qstat and in the MOM's node status. */
export function jobSessionId(id: string): number {
  return 1000 + (idHash(id) % 400_000);
}

export interface JobDetails {
  submitHost: string;
  sessionId: number;
  workdir: string;
  script: string;
  /** PBS_O_* variables in the order qsub records them. */
  environment: [string, string][];
}

const WORK_DIRS = ['runs', 'projects', 'scratch', 'work', 'sim', 'data'];

export function jobDetails(job: Job, server: string): JobDetails {
  const h = idHash(job.arrayParent ?? job.id);
  const submitHost = `login0${1 + (h % 2)}`;
  const safeName = job.name.replace(/[^\w.-]/g, '_');
  const workdir = `/home/${job.user}/${WORK_DIRS[h % WORK_DIRS.length]}/${safeName}`;
  const script = job.name.endsWith('.sh') || job.name.endsWith('.pbs') ? job.name : `${safeName}.pbs`;
  return {
    submitHost,
    sessionId: jobSessionId(job.id),
    workdir,
    script,
    environment: [
      ['PBS_O_HOME', `/home/${job.user}`],
      ['PBS_O_LANG', 'en_US.UTF-8'],
      ['PBS_O_LOGNAME', job.user],
      ['PBS_O_PATH', `/home/${job.user}/.local/bin:/home/${job.user}/bin:/usr/local/bin:/usr/bin:/usr/local/sbin:/usr/sbin:/opt/pbs/bin`],
      ['PBS_O_MAIL', `/var/spool/mail/${job.user}`],
      ['PBS_O_SHELL', '/bin/bash'],
      ['PBS_O_WORKDIR', workdir],
      ['PBS_O_SYSTEM', 'Linux'],
      ['PBS_O_QUEUE', job.queue],
      ['PBS_O_HOST', `${submitHost}.${server}`],
    ],
  };
}

export interface ResourcesUsed {
  cpupercent: number;
  cput: number;
  memBytes: number;
  vmemBytes: number;
  walltime: number;
}

/** What a running job has used by `now`: busy but not perfectly efficient. */
export function resourcesUsed(job: Job, now: number): ResourcesUsed {
  const walltime = Math.max(0, now - (job.startedAt ?? now));
  const efficiency = 0.55 + (idHash(job.id) % 45) / 100;
  const memBytes = Math.round((job.memoryBytes ?? job.cores * 2 ** 31) * (0.2 + efficiency / 2));
  return {
    cpupercent: Math.round(job.cores * 100 * efficiency),
    cput: Math.round(walltime * job.cores * efficiency),
    memBytes,
    vmemBytes: Math.round(memBytes * 1.3),
    walltime,
  };
}
