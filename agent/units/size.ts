/**
 * Memory sizes as PBS, Torque, Moab and Slurm print them, to whole bytes.
 *
 * PBS units are binary and lower case (`kb` = 1024 bytes, `512000kb`, `37888mb`, `0b`), a bare
 * number is bytes (`mem=524288000` in a select), and `w` counts 8-byte words (`kw`, `mw`). Moab and
 * Slurm print upper-case single letters (`6144M`, `62.50G`), also binary. Anything else is not a size.
 */

const MULTIPLIER_BY_PREFIX: Record<string, number> = {
  '': 1,
  k: 2 ** 10,
  m: 2 ** 20,
  g: 2 ** 30,
  t: 2 ** 40,
  p: 2 ** 50,
};

/** Bytes of `text`, or null when it is not a size (a template, `--`, an empty string). */
export function parseSize(text: string): number | null {
  const trimmed = text.trim();
  const match = /^(\d+(?:\.\d+)?)\s*([kmgtp]?)([bw]?)$/i.exec(trimmed);
  if (!match) return null;
  const prefix = match[2]!.toLowerCase();
  const unit = match[3]!.toLowerCase();
  const multiplier = MULTIPLIER_BY_PREFIX[prefix]! * (unit === 'w' ? 8 : 1);
  return Math.round(Number(match[1]) * multiplier);
}
