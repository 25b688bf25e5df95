/**
 * The theme as a canvas needs it: uPlot draws with colour strings, not CSS variables, so the
 * element's private tokens (`--_palette-N`, `--_muted` …, theme.styles.ts) are read from its computed
 * style. Reading computed style makes the browser bring styles up to date first, so an element does
 * it once per theme, not once per update.
 */
import { PALETTE_SIZE } from '../theme/palette.ts';

export interface ThemeColours {
  palette: string[];
  others: string;
  muted: string;
  grid: string;
  background: string;
  font: string;
  /** Axis label size, CSS pixels: the element's type size (large on a wall), never below 10 px. */
  fontSize: number;
}

export function readThemeColours(element: Element): ThemeColours {
  const computed = getComputedStyle(element);
  const read = (name: string, fallback: string) => computed.getPropertyValue(name).trim() || fallback;
  return {
    palette: Array.from({ length: PALETTE_SIZE }, (_, index) => read(`--_palette-${index}`, '#888888')),
    others: read('--_others', '#888888'),
    muted: read('--_muted', '#5b6573'),
    grid: read('--_grid', '#e8ebef'),
    background: read('--_bg', '#ffffff'),
    font: read('--_font', 'system-ui, sans-serif'),
    fontSize: Math.max(10, Math.round(Number.parseFloat(computed.fontSize) * 0.72)),
  };
}
