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
import { slurmText, splitOutsideParentheses } from './slurm-value.ts';

/** `cpu=4,mem=62.50G,gres/gpu=2` as a map (`cpu` → `4` ...); empty for `N/A`/`(null)`. */
export function parseTres(text: string | null | undefined): Map<string, string> {
  const tres = new Map<string, string>();
  const body = slurmText(text);
  if (body === null) return tres;
  for (const entry of body.split(',')) {
    const equals = entry.indexOf('=');
    if (equals <= 0) continue;
    tres.set(entry.slice(0, equals).trim(), entry.slice(equals + 1).trim());
  }
  return tres;
}

/** GPUs in a TRES map: `gres/gpu`, else the sum of `gres/gpu:<type>`, else null (not tracked). */
export function gpusInTres(tres: ReadonlyMap<string, string>): number | null {
  const total = tres.get('gres/gpu');
  if (total !== undefined) return wholeCount(total);
  let typed: number | null = null;
  for (const [key, value] of tres) {
    if (!key.startsWith('gres/gpu:')) continue;
    typed = (typed ?? 0) + (wholeCount(value) ?? 0);
  }
  return typed;
}

/** Bytes of `mem=` in a TRES map, or null. */
export function memoryInTres(tres: ReadonlyMap<string, string>): number | null {
  const memory = tres.get('mem');
  if (memory === undefined) return null;
  // TRES memory without a unit is megabytes.
  return parseSize(/^\d+(\.\d+)?$/.test(memory) ? `${memory}M` : memory);
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
    const parsed = wholeCount(spec.slice(equals + 1));
    if (parsed === null) return null;
    count = parsed;
    spec = spec.slice(0, equals);
  }
  const parts = spec.split(':');
  if (parts[0] !== 'gpu') return null;
  // name:count or name:type:count; a last part that is not a number is the type.
  if (equals < 0 && parts.length > 1) {
    const last = wholeCount(parts[parts.length - 1]!);
    if (last !== null) count = last;
  }
  return count;
}

function wholeCount(text: string): number | null {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : null;
}
