/**
 * Single values as Slurm's commands print them.
 *
 * Slurm has several words for "no value", and each command picks its own: `N/A` (times, TRES),
 * `(null)` (account, features, gres), `None` (reason, suspend time), `Unknown` (start of a pending
 * job), `NOT_SET`, `INVALID`, `n/a`, or nothing at all. They all read as null here; a real value is
 * never turned into 0.
 */

const NO_VALUE: ReadonlySet<string> = new Set(['', 'n/a', '(null)', 'null', 'none', '(none)', 'unknown', 'not_set', 'invalid']);

/** The longest of the NO_VALUE words: longer texts are values without lower-casing them. */
const LONGEST_NO_VALUE = 8;

/** The text, trimmed, or null when Slurm means "no value". */
export function slurmText(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  const trimmed = value.trim();
  // Called for most fields of every job: no lower-cased copy of a text that cannot match.
  return trimmed.length <= LONGEST_NO_VALUE && NO_VALUE.has(trimmed.toLowerCase()) ? null : trimmed;
}

/**
 * Text whose every value is legitimate, only blanks and `(null)`/`N/A` mean nothing: names of
 * jobs, users, groups and accounts (a job may well be called `None`).
 */
export function slurmName(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  const trimmed = value.trim();
  return trimmed === '' || trimmed === '(null)' || trimmed === 'N/A' ? null : trimmed;
}

/** A whole non-negative number (`4`, ` 12 `), or null for anything else (`N/A`, `1.5`, `4K`). */
export function slurmCount(value: string | null | undefined): number | null {
  if (value === undefined || value === null) return null;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  for (let i = 0; i < trimmed.length; i++) {
    const code = trimmed.charCodeAt(i);
    if (code < 48 || code > 57) return null;
  }
  return Number(trimmed);
}

/** Splits `a,b(c,d),e` on the commas outside parentheses (GRES `gpu:a100:2(IDX:0,3)`). */
export function splitOutsideParentheses(text: string, separator = ','): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '(') depth++;
    else if (char === ')') depth = Math.max(0, depth - 1);
    else if (char === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}
