/**
 * The colours of the names in one chart. A name's colour is a pure function of the name: a
 * palette colour and one of three tones of it (palette.ts), so it is the same in every chart of
 * every cluster. Only when two names of one chart would get the very same colour does the
 * lower-ranked one move to another tone of its colour: it keeps its hue, and the two are told apart
 * by lightness, which colour-blind readers see as well as anyone. Nine hues in three tones keep
 * such moves rare.
 */
import { OTHERS, paletteIndex, TONES, toneIndex } from './palette.ts';

export interface ChartColour {
  /** Palette index, or null for `others`. */
  index: number | null;
  /** 0: the palette colour; 1: lighter; 2: darker. */
  tone: 0 | 1 | 2;
}

/** The colour a name has wherever no other name of its chart takes it first. */
export function nameColour(name: string): ChartColour {
  return name === OTHERS ? { index: null, tone: 0 } : { index: paletteIndex(name), tone: toneIndex(name) };
}

/** Colours for names in rank order (largest first). */
export function chartColours(names: readonly string[]): ChartColour[] {
  const taken = new Set<number>();
  return names.map((name) => {
    const own = nameColour(name);
    if (own.index === null) return own;
    for (let step = 0; step < TONES; step++) {
      const tone = ((own.tone + step) % TONES) as 0 | 1 | 2;
      const key = own.index * TONES + tone;
      if (!taken.has(key)) {
        taken.add(key);
        return { index: own.index, tone };
      }
    }
    return own; // three names of one hue already: share, the legend tells them apart
  });
}

/** The classes that give an element its chart colour as `--_colour` (see colour.styles.ts). */
export function chartColourClass(colour: ChartColour): string {
  if (colour.index === null) return 'colour-others';
  return colour.tone === 0 ? `colour-${colour.index}` : `colour-${colour.index} tone-${colour.tone}`;
}
