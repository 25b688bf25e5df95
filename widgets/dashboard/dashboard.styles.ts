import { css } from 'lit';
import { themeStyles } from '../theme/theme.styles.ts';

export const dashboardStyles = [
  themeStyles,
  css`
    :host {
      display: block;
      font-family: var(--_font);
      color: var(--_fg);
    }
    :host([fit]) {
      display: flex;
      flex-direction: column;
      height: 100%;
      min-height: 0;
    }
    .controls {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1rem;
      margin-bottom: var(--webstat-gap, 0.75rem);
    }
    .segmented {
      display: inline-flex;
      border: 1px solid var(--_border);
      border-radius: 8px;
      overflow: hidden;
      background: var(--_bg);
    }
    .segmented button {
      all: unset;
      padding: 0.35rem 0.8rem;
      font-size: 0.875rem;
      font-variant-numeric: tabular-nums;
      cursor: pointer;
      color: var(--_muted);
    }
    .segmented button + button {
      border-left: 1px solid var(--_border);
    }
    .segmented button[aria-checked='true'] {
      background: var(--_accent);
      color: var(--_bg);
      font-weight: 600;
    }
    .segmented button:focus-visible {
      outline: 2px solid var(--_focus);
      outline-offset: -3px;
    }
    .rows {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: var(--webstat-gap, 0.75rem);
    }
    :host([fit]) .rows {
      flex: 1;
      min-height: 0;
      grid-template-rows: repeat(var(--rows, 1), minmax(0, 1fr));
    }
    /* Not content-visibility: auto, though it would spare the layout of rows below the fold:
       Chromium then leaves those rows out of the accessibility tree, and a screen reader would not
       find them. Each row contains its own layout and paint (cluster-row.styles.ts) instead. */
    .slot {
      min-width: 0;
      min-height: 0;
    }
    .slot[hidden] {
      display: none;
    }
    .message {
      margin: 2rem 0;
      text-align: center;
      color: var(--_muted);
    }
    .pager {
      margin: 0.4rem 0 0;
      text-align: right;
      font-size: 0.8125rem;
      color: var(--_muted);
    }
  `,
];
