/**
 * The design tokens of both themes. Every element maps the public `--webstat-*` custom properties
 * (set by a page to restyle) onto private `--_*` ones with these defaults, per theme; the
 * styles use only the private ones. See theme.styles.ts.
 */
import { PALETTE_DARK, PALETTE_LIGHT } from './palette.ts';

export type ThemeName = 'light' | 'dark' | 'auto';

/** Token name (without `--webstat-`) → value. */
export type Tokens = Record<string, string>;

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", sans-serif';

export const LIGHT: Tokens = {
  font: FONT,
  bg: '#ffffff',
  surface: '#f6f7f9',
  fg: '#1c2128',
  muted: '#5b6573',
  border: '#d9dde3',
  grid: '#e8ebef',
  accent: '#0a66c2',
  focus: '#0a66c2',
  'bar-track': '#e4e7ec',
  'bar-used': '#3b6ea8',
  'bar-unavailable': '#9aa3ae',
  ok: '#1a7f37',
  stale: '#9a6700',
  'stale-bg': '#fff8c5',
  error: '#cf222e',
  'error-bg': '#ffebe9',
  others: '#a8b0ba',
  'tooltip-bg': '#1c2128',
  'tooltip-fg': '#ffffff',
  ...paletteTokens(PALETTE_LIGHT),
};

export const DARK: Tokens = {
  font: FONT,
  bg: '#0f1419',
  surface: '#171d24',
  fg: '#e6e9ed',
  muted: '#9aa5b1',
  border: '#2b343e',
  grid: '#232b34',
  accent: '#58a6ff',
  focus: '#79b8ff',
  'bar-track': '#27303a',
  'bar-used': '#5b8fd1',
  'bar-unavailable': '#56606b',
  ok: '#3fb950',
  stale: '#d29922',
  'stale-bg': '#2d2409',
  error: '#f85149',
  'error-bg': '#3a1416',
  others: '#6b7480',
  'tooltip-bg': '#e6e9ed',
  'tooltip-fg': '#0f1419',
  ...paletteTokens(PALETTE_DARK),
};

function paletteTokens(palette: readonly string[]): Tokens {
  const tokens: Tokens = {};
  palette.forEach((colour, index) => (tokens[`palette-${index}`] = colour));
  return tokens;
}
