import { css } from 'lit';
import { colourStyles } from '../theme/colour.styles.ts';
import { themeStyles, visuallyHiddenStyles } from '../theme/theme.styles.ts';

export const pieStyles = [
  themeStyles,
  colourStyles,
  visuallyHiddenStyles,
  css`
    :host {
      display: block;
      min-width: 0;
      font-family: var(--_font);
      color: var(--_fg);
      font-variant-numeric: tabular-nums;
    }
    .figure {
      margin: 0;
      display: flex;
      flex-direction: column;
      gap: 0.35rem;
      height: 100%;
      min-height: 0;
    }
    .label {
      font-size: 0.8125rem;
      font-weight: 600;
      color: var(--_muted);
    }
    .body {
      display: flex;
      align-items: center;
      gap: 0.75rem;
      min-height: 0;
      flex: 1;
    }
    :host([legend='below']) .body {
      flex-direction: column;
      align-items: stretch;
    }
    /* Not a size container (centre text could use cqi): with twenty donuts on a page, container
       queries made every live update lay the page out again at several times the cost. */
    /* Sized by its width alone, so a new centre text or new slices never lay out more than it. */
    .donut {
      --_size: var(--webstat-pie-size, 8.5rem);
      contain: strict;
      position: relative;
      flex: none;
      width: var(--_size);
      aspect-ratio: 1;
    }
    :host([legend='below']) .donut {
      align-self: center;
    }
    svg {
      display: block;
      width: 100%;
      height: 100%;
      overflow: visible;
    }
    .track {
      fill: none;
      stroke: var(--_grid);
    }
    .slice {
      fill: var(--_colour);
      stroke: var(--_bg);
      stroke-width: 0.025;
      stroke-linejoin: round;
      transition: opacity 120ms ease, transform 120ms ease;
      cursor: pointer;
      outline: none;
    }
    .slice.dimmed {
      opacity: 0.3;
    }
    .slice.active,
    .slice:focus-visible {
      stroke: var(--_fg);
      stroke-width: 0.04;
    }
    .centre {
      position: absolute;
      inset: 22%;
      display: flex;
      flex-direction: column;
      align-items: center;
      justify-content: center;
      text-align: center;
      pointer-events: none;
      line-height: 1.1;
    }
    .centre-value {
      font-size: calc(var(--_size) * 0.17);
      font-weight: 650;
    }
    .centre-name {
      font-size: calc(var(--_size) * 0.1);
      font-weight: 600;
      max-width: 100%;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .centre-unit,
    .centre-note {
      font-size: calc(var(--_size) * 0.09);
      color: var(--_muted);
    }
    .side {
      display: flex;
      flex-direction: column;
      gap: 0.2rem;
      flex: 1;
      min-width: 0;
      max-height: 100%;
      overflow: hidden;
    }
    :host([compact]) .figure {
      gap: 0;
    }
    :host([compact]) .body {
      gap: 0.6rem;
    }
    :host([compact]) .side {
      height: 100%;
    }
    /* Only whole entries: rows of fixed height fill the column, the rest flow into a second
       column that is cut off. */
    :host([compact]) .legend {
      flex: 1;
      min-height: 0;
      display: grid;
      grid-template-rows: repeat(auto-fill, 1.4em);
      grid-auto-flow: column;
      grid-auto-columns: 100%;
      overflow: hidden;
    }
    :host([compact]) .entry {
      padding: 0 0.3em;
      grid-template-columns: minmax(0, 1fr) auto;
    }
    /* Compact: names before shares (the share is in the centre on hover and in the table). */
    :host([compact]) .share {
      display: none;
    }
    .legend {
      list-style: none;
      margin: 0;
      padding: 0;
      min-width: 0;
      flex: 1;
      max-height: 100%;
      overflow-y: auto;
      scrollbar-width: none;
      font-size: var(--webstat-legend-size, 0.8125rem);
    }
    .entry {
      display: grid;
      grid-template-columns: minmax(0, 1fr) auto 2.9em;
      align-items: center;
      column-gap: 0.4em;
      padding: 0.1em 0.3em;
      border-radius: 4px;
      cursor: pointer;
      position: relative;
    }
    .entry button {
      all: unset;
      display: flex;
      align-items: center;
      gap: 0.45em;
      min-width: 0;
      cursor: pointer;
      border-radius: 3px;
    }
    .entry button:focus-visible {
      outline: 2px solid var(--_focus);
      outline-offset: 1px;
    }
    .entry.active,
    .entry:has(button[aria-pressed='true']) {
      background: var(--_surface);
    }
    .entry button[aria-pressed='true'] .name {
      font-weight: 650;
    }
    .swatch {
      flex: none;
      width: 0.7em;
      height: 0.7em;
      border-radius: 2px;
      background: var(--_colour);
    }
    .name {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .value {
      text-align: right;
      font-weight: 600;
    }
    .share {
      text-align: right;
      color: var(--_muted);
    }
    .table {
      border-collapse: collapse;
      font-size: 0.8125rem;
      margin-top: 0.5rem;
    }
    .table caption {
      text-align: left;
      font-weight: 600;
      padding-bottom: 0.25rem;
    }
    .table th,
    .table td {
      padding: 0.15rem 0.6rem 0.15rem 0;
      text-align: right;
      border-bottom: 1px solid var(--_border);
    }
    .table th[scope='row'],
    .table thead th:first-child {
      text-align: left;
    }
  `,
];
