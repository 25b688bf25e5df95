/**
 * How `qstat -f` prints one attribute, wrapping included, so that simulated output has the same
 * line breaks a real server's has (FORMATS.md §1). The rule both PBS Pro and Torque follow:
 *
 * - the line starts `    name = `; the value is printed comma-separated item by item;
 * - an item that fits (item length + column < line size) is printed whole;
 * - an item that does not fit starts on a new `\n\t` line (unless it is the first), then is
 *   printed character by character, breaking with `\n\t` whenever the column passes the line size,
 *   so wraps cut inside tokens;
 * - the comma between items is printed but not counted in the column, and a TAB counts as 8
 *   (9 after a break between items): lines therefore reach 79 or 80 characters now and then,
 *   exactly as real output does;
 * - empty items vanish (the C code splits with strtok).
 *
 * PBS Pro breaks at column 78, Torque at 77. Torque's `qstat -f -1` does not wrap at all.
 */
export const PBSPRO_LINE_SIZE = 78;
export const TORQUE_LINE_SIZE = 77;

export function wrapAttribute(name: string, value: string, lineSize: number): string {
  let column = name.length + 7;
  let out = `    ${name} = `;
  let first = true;
  for (const item of value.split(',')) {
    if (item === '') continue;
    if (!first) out += ',';
    if (item.length + column < lineSize) {
      out += item;
      column += item.length;
    } else {
      if (!first) {
        out += '\n\t';
        column = 9;
      }
      // Copy runs of characters up to each break instead of one character at a time.
      let at = 0;
      while (at < item.length) {
        const room = lineSize - column + 1;
        const piece = item.slice(at, at + room);
        out += piece;
        at += piece.length;
        column += piece.length;
        if (column > lineSize) {
          out += '\n\t';
          column = 8;
        }
      }
    }
    first = false;
  }
  return out;
}

/** `    name = value` on one line (Torque `qstat -f -1`). */
export function unwrappedAttribute(name: string, value: string): string {
  return `    ${name} = ${value}`;
}
