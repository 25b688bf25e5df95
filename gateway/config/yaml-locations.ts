/**
 * Finds the line of a key path in a parsed YAML document, so every configuration problem can say
 * where it is. The `yaml` package keeps each node's source range; a LineCounter turns an offset
 * into a line.
 */
import { isMap, isNode, isPair, isScalar, type Document, type LineCounter, type Node } from 'yaml';

export class YamlLocations {
  constructor(
    private readonly document: Document,
    private readonly lines: LineCounter,
  ) {}

  /** Line of the value at `path`, or of its nearest existing ancestor. */
  lineOf(path: readonly (string | number)[]): number {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = this.nodeAt(path.slice(0, depth));
      if (node?.range) return this.lineAt(node.range[0]);
    }
    return 1;
  }

  /** Line of the key `key` inside the mapping at `path` (for unknown keys, which have no schema). */
  lineOfKey(path: readonly (string | number)[], key: string): number {
    const parent = this.nodeAt(path);
    if (isMap(parent)) {
      for (const pair of parent.items) {
        if (isPair(pair) && isScalar(pair.key) && String(pair.key.value) === key && pair.key.range) {
          return this.lineAt(pair.key.range[0]);
        }
      }
    }
    return this.lineOf(path);
  }

  private nodeAt(path: readonly (string | number)[]): Node | null {
    if (path.length === 0) return isNode(this.document.contents) ? this.document.contents : null;
    const node = this.document.getIn(path, true);
    return isNode(node) ? node : null;
  }

  private lineAt(offset: number): number {
    return this.lines.linePos(offset).line;
  }
}
