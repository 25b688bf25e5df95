import { css } from 'lit';
import { colourStyles } from '../theme/colour.styles.ts';
import { themeStyles, visuallyHiddenStyles } from '../theme/theme.styles.ts';
import { uplotStyles } from './uplot.styles.ts';

export const historyStyles = [
  themeStyles,
  colourStyles,
  visuallyHiddenStyles,
  uplotStyles,
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
    .range {
      font-weight: 400;
    }
    .area {
      position: relative;
      flex: 1;
      min-height: var(--webstat-chart-height, 11rem);
    }
    .plot {
      position: absolute;
      inset: 0;
      border-radius: 4px;
      outline: none;
    }
    .plot:focus-visible {
      box-shadow: 0 0 0 2px var(--_focus);
    }
    .overlay {
      position: absolute;
      inset: 0;
      display: flex;
      align-items: center;
      justify-content: center;
      color: var(--_muted);
      font-size: 0.8125rem;
      pointer-events: none;
    }
    .tooltip {
      position: absolute;
      top: 0.25rem;
      min-width: 9rem;
      max-width: 55%;
      padding: 0.4rem 0.55rem;
      border-radius: 6px;
      background: var(--_tooltip-bg);
      color: var(--_tooltip-fg);
      font-size: 0.75rem;
      line-height: 1.45;
      pointer-events: none;
      box-shadow: 0 2px 8px rgb(0 0 0 / 0.2);
      z-index: 2;
    }
    .dock-right {
      right: 0.5rem;
    }
    .dock-left {
      left: 3rem;
    }
    .tooltip-time {
      font-weight: 600;
      margin-bottom: 0.15rem;
    }
    .tooltip-total,
    .tooltip-row {
      display: grid;
      grid-template-columns: auto minmax(0, 1fr) auto;
      column-gap: 0.45em;
      align-items: center;
    }
    .tooltip-total {
      grid-template-columns: minmax(0, 1fr) auto;
      font-weight: 600;
    }
    .tooltip-row.highlighted {
      font-weight: 700;
    }
    .tooltip .name {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .swatch {
      display: inline-block;
      flex: none;
      width: 0.7em;
      height: 0.7em;
      border-radius: 2px;
      background: var(--_colour);
    }
    .legend {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-wrap: wrap;
      gap: 0.1rem 0.75rem;
      font-size: var(--webstat-legend-size, 0.75rem);
    }
    .entry button {
      all: unset;
      display: inline-flex;
      align-items: center;
      gap: 0.35em;
      padding: 0.05em 0.25em;
      border-radius: 3px;
      cursor: pointer;
    }
    .entry button:focus-visible {
      outline: 2px solid var(--_focus);
    }
    .entry button[aria-pressed='true'] {
      background: var(--_surface);
      font-weight: 650;
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
