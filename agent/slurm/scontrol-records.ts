/**
 * The `Key=Value` records of `scontrol show job|partition|node` (FORMATS.md §8).
 *
 * A record starts at a line that begins with the record's first key (`JobId=`, `PartitionName=`)
 * at column 0 and runs until the next such line; blank lines separate records, continuation lines
 * are indented (3 spaces; `-d` detail lines 5). `--oneliner` prints a whole record on one line.
 *
 * Values can hold spaces (`GroupId=domain users(100513)`, `JobName=name with space`,
 * `Reason=disk check by admin [root@...]`), so a line is not simply split on spaces: a new pair
 * starts only at a word shaped like a Slurm key (`Name=`, `JOB_GRES=`, `CPUs/Task=`,
 * `ReqB:S:C:T=`, `AllocNode:Sid=`, always starting with a capital letter); any other word after a
 * space belongs to the value before it. Empty values are kept (`Power=`, `NodeList= SchedNodeList=`).
 * The `-d` detail lines (`Nodes=... CPU_IDs=... GRES=...`, one per node group) are kept apart, in
 * order, as they repeat keys.
 */

export interface ScontrolRecord {
  /** 1-based line of the record's first line. */
  line: number;
  fields: Map<string, string>;
  /** `-d` lines (indented more than the record's own lines), each as its pairs. */
  details: Map<string, string>[];
}

export interface ScontrolScan {
  records: ScontrolRecord[];
  /** Non-blank lines before the first record (a shell prompt, salloc's messages ...). */
  strayLines: number[];
}

const KEY = /^[A-Z][A-Za-z0-9_/:.]*=/;

/** Pairs of one line (or one-liner); keys as printed, values trimmed. */
export function pairsOfLine(line: string): Map<string, string> {
  const pairs = new Map<string, string>();
  let key: string | null = null;
  let value = '';
  for (const word of line.trim().split(/(\s+)/)) {
    const match = KEY.exec(word);
    if (match) {
      if (key !== null) pairs.set(key, value.trim());
      key = match[0].slice(0, -1);
      value = word.slice(match[0].length);
    } else if (key !== null) {
      value += word;
    }
  }
  if (key !== null) pairs.set(key, value.trim());
  return pairs;
}

/** The records of a text whose records begin with `firstKey=` at column 0. */
export function scanScontrolRecords(text: string, firstKey: string): ScontrolScan {
  const records: ScontrolRecord[] = [];
  const strayLines: number[] = [];
  const lines = text.split(/\r?\n/);
  let current: ScontrolRecord | null = null;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.trim() === '') continue;
    if (line.startsWith(`${firstKey}=`)) {
      current = { line: index + 1, fields: pairsOfLine(line), details: [] };
      records.push(current);
    } else if (current === null) {
      strayLines.push(index + 1);
    } else if (/^\s{5,}/.test(line)) {
      current.details.push(pairsOfLine(line));
    } else {
      for (const [key, value] of pairsOfLine(line)) current.fields.set(key, value);
    }
  }
  return { records, strayLines };
}
