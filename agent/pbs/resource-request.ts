/**
 * What a job asks for, from its resource request (FORMATS.md §2), for jobs not (yet) placed.
 *
 * PBS Pro: `select=N:ncpus=M[:ngpus=G][:mem=…]+…` (chunk count default 1, ncpus default 1).
 * Torque: `nodes=N:ppn=P[:gpus=G]+…`, a host spec `node08:ppn=8`, `N` alone (one core per node), or
 * properties that are not counts (`1:cores16` is one node, one core; `8:ppn=12:cores12:infiniband`
 * is 96 cores); a `#shared`/`#excl` suffix is not part of the count.
 */
import { parseSize } from '../units/size.ts';

export interface ResourceRequest {
  cores: number;
  gpus: number;
  nodes: number;
  /** Sum of `mem=` over the chunks, when every chunk says. */
  memoryBytes: number | null;
}

/** A PBS Pro select statement, or null when it is not one. */
export function parseSelect(select: string): ResourceRequest | null {
  let cores = 0;
  let gpus = 0;
  let nodes = 0;
  let memory: number | null = 0;
  for (const chunk of select.trim().split('+')) {
    if (chunk === '') return null;
    const fields = chunk.split(':');
    let count = 1;
    let first = 0;
    if (/^\d+$/.test(fields[0]!)) {
      count = Number(fields[0]);
      first = 1;
    }
    let ncpus = 1;
    let ngpus = 0;
    let mem: number | null = null;
    for (let f = first; f < fields.length; f++) {
      const field = fields[f]!;
      const eq = field.indexOf('=');
      if (eq <= 0) return null;
      const key = field.slice(0, eq);
      const value = field.slice(eq + 1);
      if (key === 'ncpus') {
        if (!/^\d+$/.test(value)) return null;
        ncpus = Number(value);
      } else if (key === 'ngpus') {
        if (!/^\d+$/.test(value)) return null;
        ngpus = Number(value);
      } else if (key === 'mem') {
        mem = parseSize(value);
      }
    }
    cores += count * ncpus;
    gpus += count * ngpus;
    nodes += count;
    memory = memory === null || mem === null ? null : memory + count * mem;
  }
  return { cores, gpus, nodes, memoryBytes: memory };
}

/** A Torque nodes spec, or null when it is not one. */
export function parseNodesSpec(spec: string): ResourceRequest | null {
  let cores = 0;
  let gpus = 0;
  let nodes = 0;
  const hash = spec.indexOf('#');
  const body = (hash >= 0 ? spec.slice(0, hash) : spec).trim();
  if (body === '') return null;
  for (const part of body.split('+')) {
    const fields = part.split(':');
    const head = fields[0]!;
    if (head === '') return null;
    // A count, or a host name / property that stands for one node.
    const count = /^\d+$/.test(head) ? Number(head) : 1;
    let ppn = 1;
    let perNodeGpus = 0;
    for (let f = 1; f < fields.length; f++) {
      const field = fields[f]!;
      if (field.startsWith('ppn=')) {
        if (!/^\d+$/.test(field.slice(4))) return null;
        ppn = Number(field.slice(4));
      } else if (field.startsWith('gpus=')) {
        if (!/^\d+$/.test(field.slice(5))) return null;
        perNodeGpus = Number(field.slice(5));
      }
      // Anything else is a node property (`cores16`, `infiniband`), never a count.
    }
    cores += count * ppn;
    gpus += count * perNodeGpus;
    nodes += count;
  }
  return { cores, gpus, nodes, memoryBytes: null };
}
