/**
 * `.colour-N` and `.colour-others` set `--_colour` to a palette entry; `.tone-1` and `.tone-2`
 * make it lighter or darker (chart-colours.ts says when). Charts then use `fill: var(--_colour)`
 * or `background: var(--_colour)`. Classes, not inline styles, so that a strict CSP holds.
 */
import { css, unsafeCSS } from 'lit';
import { PALETTE_SIZE, TONE_MIX } from './palette.ts';

const rules = Array.from(
  { length: PALETTE_SIZE },
  (_, index) => `.colour-${index} { --_base: var(--_palette-${index}); --_colour: var(--_base); }`,
);

export const colourStyles = css`
  ${unsafeCSS(rules.join('\n'))}
  .colour-others {
    --_base: var(--_others);
    --_colour: var(--_base);
  }
  .tone-1 {
    --_colour: color-mix(in srgb, var(--_base) ${unsafeCSS(String(Math.round(100 * (1 - TONE_MIX))))}%, white);
  }
  .tone-2 {
    --_colour: color-mix(in srgb, var(--_base) ${unsafeCSS(String(Math.round(100 * (1 - TONE_MIX))))}%, black);
  }
`;
