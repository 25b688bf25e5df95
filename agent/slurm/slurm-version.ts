/**
 * The Slurm version from `sinfo --version` / `squeue --version`: upstream builds print
 * `slurm 22.05.8`, Debian's `slurm-wlm 22.05.8`, some sites `slurm 23.11.4-1.el8`.
 */
const VERSION = /^\s*slurm(?:-wlm)?\s+(\d+\.\d+(?:\.\d+)?\S*)\s*$/im;

export function slurmVersionIn(text: string): string | null {
  return VERSION.exec(text)?.[1] ?? null;
}
