/**
 * The colours of users and groups. A name keeps its colour in every chart of every cluster, on
 * every page: the colour is a pure function of the name (a stable hash into the palette), never
 * of its rank or of what else is drawn beside it.
 *
 * The palette is Paul Tol's "muted" scheme (nine colours, distinct for the common forms of colour
 * blindness); `others` is a neutral grey so that it never reads as a person. Dark themes use
 * lighter versions of the same hues, so a name keeps its hue when the theme changes.
 */

export const PALETTE_LIGHT = [
  '#CC6677', // rose
  '#332288', // indigo
  '#DDCC77', // sand
  '#117733', // green
  '#88CCEE', // cyan
  '#882255', // wine
  '#44AA99', // teal
  '#999933', // olive
  '#AA4499', // purple
] as const;

export const PALETTE_DARK = [
  '#D98694',
  '#7D70D6',
  '#DDCC77',
  '#3FA35F',
  '#88CCEE',
  '#C4587F',
  '#5CC2B0',
  '#B8B84A',
  '#C46AB5',
] as const;

export const PALETTE_SIZE = PALETTE_LIGHT.length;

/** How far the lighter and darker tones go towards white and black (chart-colours.ts). */
export const TONE_MIX = 0.4;

/** Each palette colour in three tones (itself, lighter, darker): 27 colours a name can have. */
export const TONES = 3;

/** The name the worker and the widgets give to the sum of everything below the top N. */
export const OTHERS = 'others';

/**
 * 32-bit FNV-1a over the UTF-16 code units of a name. Stable across browsers, sessions and
 * releases: changing it would recolour every chart people have learned to read.
 */
function nameHash(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The palette colour (hue) of a name, 0 … PALETTE_SIZE − 1. */
export function paletteIndex(name: string): number {
  return nameHash(name) % PALETTE_SIZE;
}

/** The tone of a name's colour: 0 the palette colour, 1 lighter, 2 darker. */
export function toneIndex(name: string): 0 | 1 | 2 {
  return (Math.floor(nameHash(name) / PALETTE_SIZE) % TONES) as 0 | 1 | 2;
}
