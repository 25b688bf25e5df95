/**
 * Processes the harness's daemons left behind: `slurmd` double-forks a `slurmstepd` per job step,
 * and the job scripts run under it, so neither is a child of anything the harness started. They
 * are found by what ties them to this cluster alone: an open file, working directory or command
 * line inside the cluster's temporary directory (the step daemon keeps the slurmd log open; the
 * job script is `<spool>/jobNNNNN/slurm_script`). Never by name: another cluster, or a real
 * Slurm on the same machine, must be left alone.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

function linksOf(pid: string): string[] {
  const links: string[] = [];
  const read = (path: string) => {
    try {
      links.push(readlinkSync(path));
    } catch {
      // Gone, or not ours to read.
    }
  };
  read(`/proc/${pid}/cwd`);
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) read(`/proc/${pid}/fd/${fd}`);
  } catch {
    // The process ended while we looked.
  }
  try {
    links.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' '));
  } catch {
    // Same.
  }
  return links;
}

/** Pids of processes (other than this one) that refer to `directory`. */
export function processesUsing(directory: string): number[] {
  const prefix = directory.endsWith('/') ? directory : `${directory}/`;
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    if (linksOf(entry).some((link) => link.startsWith(prefix) || link.includes(` ${prefix}`))) pids.push(Number(entry));
  }
  return pids;
}

/** The process group of `pid`, or null. */
function groupOf(pid: number): number | null {
  try {
    // Field 5 of /proc/PID/stat, counted after the parenthesised command name.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[2]);
  } catch {
    return null;
  }
}

/**
 * SIGKILLs every process that refers to `directory`, and the process group of each one that leads
 * its own group (a job script and the `sleep` it runs), never the group of this test process.
 * Returns the pids it found.
 */
export function killProcessesUsing(directory: string): number[] {
  const pids = processesUsing(directory);
  const ownGroup = groupOf(process.pid);
  for (const pid of pids) {
    const group = groupOf(pid);
    try {
      if (group === pid && group !== ownGroup) process.kill(-group, 'SIGKILL');
      else process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  return pids;
}
