/**
 * Slurm node states to the DESIGN node words.
 *
 * Slurm prints a node's state in several shapes, all read here as one set of lower-case words:
 * - long (`sinfo %T`, `StateLong`): `mixed`, `draining`, `idle~`, `down*`, with one suffix
 *   character for a flag: `*` not responding, `~` powered off, `#` powering up, `!` pending power
 *   down, `%` powering down, `$` maintenance reservation, `@` pending reboot, `^` rebooting,
 *   `-` planned by the backfill scheduler;
 * - compact (`%t`): `alloc`, `mix`, `drng`, `drain`, `comp`, `futr`, `resv`, `unk` ...;
 * - complete (`StateComplete`, `scontrol` `State=`): `allocated+drain`, `idle+cloud+powered_down`;
 * - JSON: `"state": "allocated"` with `"state_flags": ["DRAIN"]` (21.08–22.05), or a list
 *   `["IDLE", "DRAIN"]` (23.02 and later).
 *
 * Decisions:
 * - idle, mixed and allocated say how much of the node is used (free, partly-used, busy); for a
 *   node that only says it is completing, draining or failing, the cores in use decide;
 * - drain, drained, draining, failing: offline (an admin took the node out; jobs still running on
 *   a draining node keep it partly used or busy as well);
 * - down and fail: down; not responding (`*`), invalid registration and future nodes: unknown;
 * - reserved and maintenance (`$`): reserved;
 * - power saving (`~`, `#`, `!`, `%`), reboot requests, cloud and planned nodes keep their base
 *   state: a powered-down idle node is capacity the scheduler will wake up on demand, so free.
 */
import { NODE_STATES, type NodeState } from '../../protocol/model.ts';

const SUFFIX_FLAGS: Record<string, string> = {
  '*': 'not_responding',
  '~': 'powered_down',
  '#': 'powering_up',
  '!': 'power_down',
  '%': 'powering_down',
  $: 'maint',
  '@': 'reboot_requested',
  '^': 'reboot_issued',
  '-': 'planned',
};

/** How much is in use, said by the base state itself. */
const USAGE_WORDS: Record<string, NodeState> = {
  idle: 'free',
  mixed: 'partly-used',
  mix: 'partly-used',
  allocated: 'busy',
  alloc: 'busy',
};

/** Words that take the node out of service or describe it; 'usable' ones leave usage to the cores. */
const STATE_WORDS: Record<string, NodeState | 'usable' | 'ignore'> = {
  completing: 'usable',
  comp: 'usable',
  drain: 'offline',
  drained: 'offline',
  draining: 'offline',
  drng: 'offline',
  failing: 'offline',
  failg: 'offline',
  down: 'down',
  fail: 'down',
  not_responding: 'unknown',
  no_respond: 'unknown',
  unknown: 'unknown',
  unk: 'unknown',
  inval: 'unknown',
  invalid: 'unknown',
  invalid_reg: 'unknown',
  future: 'unknown',
  futr: 'unknown',
  reserved: 'reserved',
  resv: 'reserved',
  maint: 'reserved',
  planned: 'ignore',
  plnd: 'ignore',
  powered_down: 'ignore',
  power_down: 'ignore',
  powering_down: 'ignore',
  powering_up: 'ignore',
  pow_dn: 'ignore',
  pow_up: 'ignore',
  power_drain: 'ignore',
  cloud: 'ignore',
  reboot_requested: 'ignore',
  reboot_issued: 'ignore',
  reboot: 'ignore',
  boot: 'ignore',
  perfctrs: 'ignore',
  npc: 'ignore',
  blocked: 'ignore',
  dynamic_future: 'ignore',
  dynamic_norm: 'ignore',
};

/** The words of one or more state texts (`draining`, `allocated+drain`, `idle~`, `DRAIN`). */
export function nodeStateWords(texts: readonly string[]): string[] {
  const words: string[] = [];
  for (const text of texts) {
    for (const part of text.split('+')) {
      let word = part.trim().toLowerCase();
      if (word === '' || word === 'n/a') continue;
      while (word.length > 1 && SUFFIX_FLAGS[word[word.length - 1]!] !== undefined) {
        words.push(SUFFIX_FLAGS[word[word.length - 1]!]!);
        word = word.slice(0, -1);
      }
      words.push(word);
    }
  }
  return words;
}

export interface SlurmNodeStates {
  states: NodeState[];
  /** Words this table does not know (reported as warnings). */
  unknownWords: string[];
}

export function slurmNodeStates(words: readonly string[], cores: number, coresUsed: number): SlurmNodeStates {
  const states = new Set<NodeState>();
  const unknownWords: string[] = [];
  let usageWord: NodeState | null = null;
  let usable = false;
  for (const word of words) {
    const usage = USAGE_WORDS[word];
    if (usage !== undefined) {
      usageWord = usage;
      continue;
    }
    const meaning = STATE_WORDS[word];
    if (meaning === undefined) unknownWords.push(word);
    else if (meaning === 'usable') usable = true;
    else if (meaning !== 'ignore') states.add(meaning);
  }
  const outOfService = states.has('offline') || states.has('down');
  const byCores: NodeState = coresUsed <= 0 ? 'free' : cores > 0 && coresUsed >= cores ? 'busy' : 'partly-used';
  // A node out of service shows its use only while jobs still run on it.
  if (outOfService) {
    if (coresUsed > 0) states.add(byCores);
  } else if (usageWord !== null) {
    states.add(usageWord);
  } else if (usable) {
    states.add(byCores);
  }
  if (states.size === 0) states.add('unknown');
  return { states: NODE_STATES.filter((state) => states.has(state)), unknownWords };
}
