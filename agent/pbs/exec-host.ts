/**
 * Where a running job's cores are: `exec_host` and PBS Pro `exec_vnode` (FORMATS.md §2).
 *
 * exec_host entries are `host/slots` joined by `+`, where slots is
 * - one index per core, repeated per core (Torque ≤4, often in descending order: `n/7+n/6+…`);
 * - a range or a comma list (Torque ≥5: `n/0-23`, `n/0-3,8-11`);
 * - `index*count` (PBS Pro: `b141/0*16`; `*count` omitted when 1; the index is a slot number, so
 *   `host/24` is one core).
 * Copies of wrapped output can lose the `+` at a wrap (`r2i2n5/0-23r2i1n3/0-23`): a host name that
 * starts right after the slot list begins a new entry.
 */

export interface ExecPlacement {
  cores: number;
  /** Distinct host (or vnode) names. */
  hosts: number;
  gpus: number;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/** Cores of one slot list (`7`, `0-23`, `0-3,8-11`, `0*16`), or null when it is not one. */
export function slotListCores(list: string): number | null {
  if (list === '' || /^\d+$/.test(list)) return 1;
  let cores = 0;
  for (const part of list.split(',')) {
    const star = part.indexOf('*');
    if (star >= 0) {
      const count = part.slice(star + 1);
      if (!/^\d+$/.test(part.slice(0, star)) || !/^\d+$/.test(count)) return null;
      cores += Number(count);
      continue;
    }
    const dash = part.indexOf('-');
    if (dash >= 0) {
      const low = part.slice(0, dash);
      const high = part.slice(dash + 1);
      if (!/^\d+$/.test(low) || !/^\d+$/.test(high) || Number(high) < Number(low)) return null;
      cores += Number(high) - Number(low) + 1;
      continue;
    }
    if (!/^\d+$/.test(part)) return null;
    cores += 1;
  }
  return cores;
}

/** Cores and hosts of an exec_host value, or null when the value is not an exec_host list. */
export function parseExecHost(value: string): ExecPlacement | null {
  const hosts = new Set<string>();
  let cores = 0;
  let i = 0;
  const length = value.length;
  while (i < length) {
    while (i < length && (isSpace(value.charCodeAt(i)) || value.charCodeAt(i) === 43 /* + */)) i++;
    if (i >= length) break;
    const hostStart = i;
    while (i < length && value.charCodeAt(i) !== 47 /* / */ && value.charCodeAt(i) !== 43) i++;
    const host = value.slice(hostStart, i).trim();
    if (host === '') return null;
    hosts.add(host);
    if (i >= length || value.charCodeAt(i) === 43) {
      cores += 1;
      continue;
    }
    i++; // the slash
    const slotsStart = i;
    while (i < length) {
      const code = value.charCodeAt(i);
      if (isDigit(code) || code === 44 /* , */ || code === 45 /* - */ || code === 42 /* * */) i++;
      else break;
    }
    const slots = slotListCores(value.slice(slotsStart, i));
    if (slots === null) return null;
    cores += slots;
  }
  if (hosts.size === 0) return null;
  return { cores, hosts: hosts.size, gpus: 0 };
}

/**
 * Cores, GPUs and vnodes of a PBS Pro exec_vnode value: `(b141:ncpus=16)+(b142:ncpus=16)`,
 * chunks spanning vnodes `(a:ncpus=2+b:ncpus=2)`, with mem/jobfs/ngpus beside ncpus.
 */
export function parseExecVnode(value: string): ExecPlacement | null {
  const vnodes = new Set<string>();
  let cores = 0;
  let gpus = 0;
  let sawCount = false;
  for (const piece of value.replace(/[()\s]/g, '').split('+')) {
    if (piece === '') continue;
    const fields = piece.split(':');
    const vnode = fields[0]!;
    if (vnode === '' || vnode.includes('=')) return null;
    vnodes.add(vnode);
    for (let f = 1; f < fields.length; f++) {
      const field = fields[f]!;
      if (field.startsWith('ncpus=')) {
        const n = Number(field.slice(6));
        if (!Number.isInteger(n) || n < 0) return null;
        cores += n;
        sawCount = true;
      } else if (field.startsWith('ngpus=')) {
        const n = Number(field.slice(6));
        if (!Number.isInteger(n) || n < 0) return null;
        gpus += n;
      }
    }
  }
  if (vnodes.size === 0 || !sawCount) return null;
  return { cores, hosts: vnodes.size, gpus };
}
