/**
 * Roving focus for a list of entries that is one tab stop (WAI-ARIA practice for composite
 * widgets): arrow keys step, Home and End jump, and the index wraps around.
 */

/** The entry the key moves to, or null when the key is not a move. */
export function rovingTarget(key: string, index: number, count: number): number | null {
  if (count <= 0) return null;
  switch (key) {
    case 'ArrowDown':
    case 'ArrowRight':
      return (index + 1) % count;
    case 'ArrowUp':
    case 'ArrowLeft':
      return (index - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}
