/**
 * Trackable resources (TRES) and generic resources (GRES), where Slurm says how many GPUs a job or
 * a node has.
 *
 * TRES strings (`squeue -O tres-alloc`, JSON `tres_alloc_str`/`tres_req_str`, `scontrol` `TRES=`):
 * `cpu=4,mem=62.50G,node=1,billing=4,gres/gpu=2,gres/gpu:a100=2`. The untyped `gres/gpu` is the
 * total; typed entries break it down and are summed only when the total is missing. GPUs appear in
 * TRES strings only when the site tracks them (`AccountingStorageTRES=gres/gpu`), so a job's GPUs
 * also come from its request (below) when TRES says nothing.
 *
 * GRES specs (`tres-per-node`/`-job`/`-task`, sinfo `Gres`/`GresUsed`, JSON `gres_detail`):
 * comma-separated entries, each `[gres:|gres/]name[:type][:count|=count][(detail)]`, such as
 * `gres:gpu:2` (22.05), `gres/gpu:a100=4` (23.x), `gpu:tesla:2(S:0-1)`, `gpu:a100:2(IDX:0,3)`,
 * `gpu:tesla:0(IDX:N/A)`, `gpu` (one). Commas inside the parentheses do not separate entries.
 */
import { parseSize } from '../units/size.ts';
import { slurmCount, slurmText, splitOutsideParentheses } from './slurm-value.ts';

/** What the agent reads of a TRES string; null where the string does not say. */
export interface TresFigures {
  cpus: number | null;
  nodes: number | null;
  memoryBytes: number | null;
  /** `gres/gpu`, else the sum of `gres/gpu:<type>`; null when GPUs are not tracked. */
  gpus: number | null;
}

const NO_TRES: TresFigures = { cpus: null, nodes: null, memoryBytes: null, gpus: null };

/** Reads `cpu=4,mem=62.50G,node=1,gres/gpu=2`, one pass, no map (it runs for every job). */
export function readTres(text: string | null | undefined): TresFigures {
  const body = slurmText(text);
  if (body === null) return NO_TRES;
  let cpus: number | null = null;
  let nodes: number | null = null;
  let memoryBytes: number | null = null;
  let gpus: number | null = null;
  let typedGpus: number | null = null;
  for (let start = 0; start < body.length; ) {
    const comma = body.indexOf(',', start);
    const end = comma < 0 ? body.length : comma;
    const equals = body.indexOf('=', start);
    if (equals > start && equals < end) {
      const key = body.slice(start, equals).trim();
      const value = body.slice(equals + 1, end).trim();
      if (key === 'cpu') cpus = slurmCount(value);
      else if (key === 'node') nodes = slurmCount(value);
      // TRES memory without a unit is megabytes.
      else if (key === 'mem') memoryBytes = parseSize(/^\d+(\.\d+)?$/.test(value) ? `${value}M` : value);
      else if (key === 'gres/gpu') gpus = slurmCount(value);
      else if (key.startsWith('gres/gpu:')) typedGpus = (typedGpus ?? 0) + (slurmCount(value) ?? 0);
    }
    start = end + 1;
  }
  return { cpus, nodes, memoryBytes, gpus: gpus ?? typedGpus };
}

/** GPUs named in a GRES spec (sum of every `gpu` entry), or null when it names none. */
export function gpusInGres(text: string | null | undefined): number | null {
  const body = slurmText(text);
  if (body === null) return null;
  let gpus: number | null = null;
  for (const entry of splitOutsideParentheses(body)) {
    const count = gpuEntryCount(entry);
    if (count !== null) gpus = (gpus ?? 0) + count;
  }
  return gpus;
}

/** The count of one GRES entry if it is a GPU entry, else null. */
function gpuEntryCount(entry: string): number | null {
  let spec = entry.replace(/\(.*\)$/s, '').trim();
  spec = spec.replace(/^gres[:/]/, '');
  let count = 1;
  const equals = spec.indexOf('=');
  if (equals >= 0) {
    const parsed = slurmCount(spec.slice(equals + 1));
    if (parsed === null) return null;
    count = parsed;
    spec = spec.slice(0, equals);
  }
  const parts = spec.split(':');
  if (parts[0] !== 'gpu') return null;
  // name:count or name:type:count; a last part that is not a number is the type.
  if (equals < 0 && parts.length > 1) {
    const last = slurmCount(parts[parts.length - 1]!);
    if (last !== null) count = last;
  }
  return count;
}
