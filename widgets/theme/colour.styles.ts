/**
 * `.colour-N` and `.colour-others` set `--_colour` to a palette entry; charts then use
 * `fill: var(--_colour)` or `background: var(--_colour)`. Classes, not inline styles, so that a
 * strict Content-Security-Policy holds.
 */
import { css, unsafeCSS } from 'lit';
import { PALETTE_SIZE } from './palette.ts';

const rules = Array.from({ length: PALETTE_SIZE }, (_, index) => `.colour-${index} { --_colour: var(--_palette-${index}); }`);

export const colourStyles = css`
  ${unsafeCSS(rules.join('\n'))}
  .colour-others {
    --_colour: var(--_others);
  }
`;
