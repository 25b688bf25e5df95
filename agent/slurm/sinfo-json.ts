/**
 * `sinfo --json` (FORMATS.md §8) to nodes, in both shapes Slurm has printed:
 * - 21.08–22.05 (openapi v0.0.37/v0.0.38): `"nodes": [...]`, one object per node with `name`,
 *   `state` (`"mixed"`) and `state_flags` (`["DRAIN"]`), `cpus`, `alloc_cpus`, `real_memory` (MB),
 *   `gres`, `gres_used`, `features` (a comma string), `partitions`, `reason`;
 * - 23.02 and later: `"sinfo": [...]`, one object per group of like nodes in a partition (one node
 *   each with `--Node`): `nodes.nodes` (names), `node.state` (a list, `["IDLE","DRAIN"]`),
 *   `cpus.{allocated,idle,other,total}`, `memory.minimum` (MB), `gres.{total,used}`,
 *   `features.{total,active}`, `partition.name`, `reason` (a string, or an object whose
 *   `description` says it). A group of several nodes has its CPUs summed; they are shared out
 *   evenly, which is exact for the like nodes sinfo groups.
 */
import type { Node } from '../../protocol/model.ts';
import { ParseError, type ParseContext, type ParsedOutput } from '../parse-result.ts';
import { slurmNodeStates, nodeStateWords } from './node-state.ts';
import { isObject, listAt, numberOf, readSlurmJson, stringOf, wordsOf, type JsonObject } from './slurm-json.ts';
import { gpusInGres } from './tres.ts';

const COMMAND = 'sinfo --json';

interface NodeFacts {
  name: string;
  stateWords: string[];
  cores: number;
  coresUsed: number;
  gres: string | null;
  gresUsed: string | null;
  memoryMegabytes: number | null;
  partitions: string[];
  features: string[];
  reason: string | null;
}

export function parseSinfoJson(text: string, _context: ParseContext): ParsedOutput {
  const document = readSlurmJson(text, COMMAND);
  const warnings = document.warnings;
  const root = document.root;
  let facts: NodeFacts[];
  if (Array.isArray(root.nodes)) facts = listAt(root, 'nodes').filter(isObject).map(factsOfNode);
  else if (Array.isArray(root.sinfo)) facts = listAt(root, 'sinfo').filter(isObject).flatMap((group) => factsOfGroup(group, warnings));
  else throw new ParseError(COMMAND, 1, 'neither a "nodes" nor a "sinfo" list in the JSON: not sinfo --json output');

  const byName = new Map<string, NodeFacts>();
  for (const node of facts) {
    if (node.name === '') continue;
    const known = byName.get(node.name);
    if (!known) byName.set(node.name, node);
    else for (const partition of node.partitions) if (!known.partitions.includes(partition)) known.partitions.push(partition);
  }
  const unknownWords = new Set<string>();
  const nodes: Node[] = [...byName.values()].map((node) => {
    const states = slurmNodeStates(nodeStateWords(node.stateWords), node.cores, node.coresUsed);
    for (const word of states.unknownWords) unknownWords.add(word);
    return {
      name: node.name,
      states: states.states,
      cores: node.cores,
      coresUsed: node.coresUsed,
      gpus: gpusInGres(node.gres) ?? 0,
      gpusUsed: gpusInGres(node.gresUsed) ?? 0,
      memoryBytes: node.memoryMegabytes === null ? null : node.memoryMegabytes * 2 ** 20,
      properties: [...node.partitions, ...node.features],
      comment: node.reason,
    };
  });
  if (unknownWords.size > 0) warnings.push(`unknown node state word(s): ${[...unknownWords].join(', ')}`);
  return { scheduler: document.scheduler, nodes, warnings };
}

function featureList(value: unknown): string[] {
  const words = Array.isArray(value) ? wordsOf(value) : (stringOf(value) ?? '').split(',');
  return words.map((word) => word.trim()).filter((word) => word !== '');
}

function reasonOf(value: unknown): string | null {
  if (isObject(value)) return stringOf(value.description);
  return stringOf(value);
}

function factsOfNode(node: JsonObject): NodeFacts {
  const cores = numberOf(node.cpus) ?? 0;
  return {
    name: stringOf(node.name) ?? '',
    stateWords: [...wordsOf(node.state), ...wordsOf(node.state_flags)],
    cores,
    coresUsed: numberOf(node.alloc_cpus) ?? 0,
    gres: stringOf(node.gres),
    gresUsed: stringOf(node.gres_used),
    memoryMegabytes: numberOf(node.real_memory),
    partitions: wordsOf(node.partitions),
    features: featureList(node.features),
    reason: reasonOf(node.reason),
  };
}

function factsOfGroup(group: JsonObject, warnings: string[]): NodeFacts[] {
  const nodes = isObject(group.nodes) ? group.nodes : {};
  const names = wordsOf(nodes.nodes);
  const cpus = isObject(group.cpus) ? group.cpus : {};
  const memory = isObject(group.memory) ? group.memory : {};
  const gres = isObject(group.gres) ? group.gres : {};
  const features = isObject(group.features) ? group.features : {};
  const partition = isObject(group.partition) ? stringOf(group.partition.name) : null;
  const state = isObject(group.node) ? wordsOf(group.node.state) : [];
  const count = Math.max(1, names.length);
  const total = numberOf(cpus.total) ?? 0;
  const allocated = numberOf(cpus.allocated) ?? 0;
  if (count > 1 && (total % count !== 0 || allocated % count !== 0)) {
    warnings.push(`nodes ${names.join(',')}: CPUs of the group shared out evenly (run sinfo --json with --Node for exact figures)`);
  }
  return names.map((name) => ({
    name,
    stateWords: state,
    cores: Math.round(total / count),
    coresUsed: Math.round(allocated / count),
    // GRES of a group are per node: sinfo groups nodes with the same GRES.
    gres: stringOf(gres.total),
    gresUsed: stringOf(gres.used),
    memoryMegabytes: numberOf(memory.minimum),
    partitions: partition === null ? [] : [partition],
    features: featureList(features.total),
    reason: reasonOf(group.reason),
  }));
}
