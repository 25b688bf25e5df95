/**
 * PBS node state lists (`free`, `job-exclusive`, `down,offline`, `state-unknown,down`,
 * `offline,resv-exclusive`, `down,offline,MOM-list-not-sent` ...) to the DESIGN node words.
 *
 * `free` and `job-sharing` only say that the node takes jobs; whether it is free, partly used or
 * busy comes from the cores in use, which the caller knows (`refineByUsage`).
 */
import { NODE_STATES, type NodeState } from '../../protocol/model.ts';

const NODE_WORDS: Record<string, NodeState | 'usable' | 'ignore'> = {
  free: 'usable',
  'job-sharing': 'usable',
  sleep: 'usable',
  'job-exclusive': 'busy',
  'job-busy': 'busy',
  busy: 'busy',
  'resv-exclusive': 'reserved',
  reserve: 'reserved',
  offline: 'offline',
  down: 'down',
  'state-unknown': 'unknown',
  unknown: 'unknown',
  stale: 'unknown',
  unresolvable: 'unknown',
  provisioning: 'unknown',
  'wait-provisioning': 'unknown',
  initializing: 'unknown',
  // Flags that travel with another state word and say nothing by themselves.
  'mom-list-not-sent': 'ignore',
  'maintenance': 'offline',
};

export interface NodeStateWords {
  /** The words found, before usage refines `free`. */
  states: NodeState[];
  /** True when the list says the node takes jobs (`free`, `job-sharing`). */
  usable: boolean;
  /** Words this table does not know (reported as warnings). */
  unknownWords: string[];
}

export function readNodeStates(text: string): NodeStateWords {
  const states = new Set<NodeState>();
  const unknownWords: string[] = [];
  let usable = false;
  for (const raw of text.split(',')) {
    const word = raw.trim();
    if (word === '') continue;
    const meaning = NODE_WORDS[word.toLowerCase()];
    if (meaning === undefined) unknownWords.push(word);
    else if (meaning === 'usable') usable = true;
    else if (meaning !== 'ignore') states.add(meaning);
  }
  return { states: NODE_STATES.filter((state) => states.has(state)), usable, unknownWords };
}

/**
 * The final state set: a usable node is free, partly used or busy by its cores in use; a node whose
 * list says nothing known is `unknown`.
 */
export function refineByUsage(words: NodeStateWords, cores: number, coresUsed: number): NodeState[] {
  const states = new Set(words.states);
  if (words.usable && !states.has('busy')) {
    if (coresUsed <= 0) states.add('free');
    else if (cores > 0 && coresUsed >= cores) states.add('busy');
    else states.add('partly-used');
  }
  if (states.size === 0) states.add('unknown');
  return NODE_STATES.filter((state) => states.has(state));
}
