/**
 * Theme styles shared by every element: maps each public `--webstat-X` custom property onto a
 * private `--_X` with the theme's default, on `:host`. A page restyles an element (and every
 * element inside it, since custom properties inherit) by setting `--webstat-X`; the `theme`
 * attribute picks the defaults: `light` (the default), `dark`, or `auto` (follows the system).
 */
import { css, unsafeCSS } from 'lit';
import { DARK, LIGHT, type Tokens } from './theme-tokens.ts';

function declarations(tokens: Tokens): string {
  return Object.entries(tokens)
    .map(([name, value]) => `--_${name}: var(--webstat-${name}, ${value});`)
    .join('\n');
}

export const themeStyles = css`
  :host {
    ${unsafeCSS(declarations(LIGHT))}
    color-scheme: light;
  }
  :host([theme='dark']) {
    ${unsafeCSS(declarations(DARK))}
    color-scheme: dark;
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      ${unsafeCSS(declarations(DARK))}
      color-scheme: dark;
    }
  }
`;

/** Hidden from sight, kept for screen readers (the charts' tables; put it on a box around a table,
 * since a table ignores width, height and overflow and would still take room on the page). */
export const visuallyHiddenStyles = css`
  .visually-hidden:not(:focus-within) {
    position: absolute !important;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
`;
