import { css } from 'lit';
import { themeStyles, visuallyHiddenStyles } from '../theme/theme.styles.ts';

export const clusterRowStyles = [
  themeStyles,
  visuallyHiddenStyles,
  css`
    /* A row is a world of its own: what changes inside it is laid out and painted inside it. */
    :host {
      display: block;
      contain: layout paint style;
      container-type: inline-size;
      font-family: var(--_font);
      color: var(--_fg);
      font-variant-numeric: tabular-nums;
      line-height: 1.35;
    }
    :host([fit]) {
      container-type: size;
      height: 100%;
      min-height: 0;
    }
    .row {
      box-sizing: border-box;
      height: 100%;
      display: grid;
      gap: 0.75rem 1.25rem;
      padding: var(--webstat-row-padding, 1rem);
      background: var(--_bg);
      border: 1px solid var(--_border);
      border-left: 4px solid var(--_border);
      border-radius: var(--webstat-radius, 10px);
    }
    .row.tone-ok {
      border-left-color: var(--_ok);
    }
    .row.tone-stale {
      border-left-color: var(--_stale);
    }
    .row.tone-error {
      border-left-color: var(--_error);
    }
    /* Old data: the drawings fade, the numbers keep their contrast (they are still true of then). */
    .row.tone-stale .charts webstat-pie::part(pie),
    .row.tone-error .charts webstat-pie::part(pie),
    .row.tone-stale .charts webstat-history::part(chart),
    .row.tone-error .charts webstat-history::part(chart) {
      opacity: 0.45;
    }

    /* Header */
    .header {
      display: flex;
      flex-direction: column;
      gap: 0.45rem;
      min-width: 0;
    }
    .identity {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 0 0.6rem;
      min-width: 0;
    }
    .title {
      margin: 0;
      font-size: 1.3rem;
      font-weight: 700;
      letter-spacing: -0.01em;
      white-space: nowrap;
      overflow: hidden;
      text-overflow: ellipsis;
    }
    .scheduler {
      color: var(--_muted);
      font-size: 0.8125rem;
      white-space: nowrap;
      overflow: hidden;
      text-overflow: ellipsis;
      max-width: 100%;
    }
    .status {
      align-self: flex-start;
    }
    .figures {
      margin: 0;
      display: grid;
      grid-template-columns: repeat(2, minmax(0, 1fr));
      gap: 0.5rem 1rem;
    }
    .figures.placeholder {
      min-height: 5rem;
      border-radius: 6px;
      background: linear-gradient(90deg, var(--_surface), var(--_grid), var(--_surface));
    }
    .figure {
      min-width: 0;
    }
    .figure.cores {
      grid-column: 1 / -1;
    }
    dt {
      font-size: 0.75rem;
      font-weight: 600;
      color: var(--_muted);
    }
    dd {
      margin: 0.1rem 0 0;
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 0.1rem 0.6rem;
      font-size: 0.875rem;
    }
    .big {
      font-size: 1.6rem;
      font-weight: 700;
      letter-spacing: -0.02em;
      line-height: 1.1;
    }
    .of {
      color: var(--_muted);
      font-size: 1rem;
      margin-left: -0.35rem;
    }
    .share {
      font-weight: 600;
      margin-left: auto;
    }
    .bar {
      flex: 1 0 100%;
      height: 0.45rem;
      border-radius: 3px;
      overflow: hidden;
    }
    .bar .track {
      fill: var(--_bar-track);
    }
    .bar .used {
      fill: var(--_bar-used);
    }
    .bar .unavailable {
      fill: var(--_bar-unavailable);
    }
    .note {
      font-size: 0.75rem;
      color: var(--_muted);
    }
    .count b,
    .wait b {
      font-weight: 650;
    }
    .count.bad b {
      color: var(--_error);
    }
    .count.warn b {
      color: var(--_stale);
    }
    .none {
      color: var(--_muted);
    }
    .error {
      margin: 0;
      padding: 0.5rem 0.75rem;
      border-radius: 6px;
      background: var(--_error-bg);
      color: var(--_fg);
      font-size: 0.875rem;
    }
    .error code {
      color: var(--_muted);
    }

    /* Charts */
    .charts {
      display: grid;
      gap: 1rem 1.25rem;
      min-width: 0;
      min-height: 0;
    }
    .by-user,
    .by-group {
      --webstat-pie-size: 6.75rem;
    }
    .history {
      min-width: 0;
      --webstat-chart-height: 9.5rem;
    }

    /* Narrow (phones): everything stacked. */
    .charts {
      grid-template-columns: minmax(0, 1fr);
    }

    /* Medium: header across, the two pies side by side, the history below them. */
    @container (min-width: 640px) {
      .header {
        display: grid;
        grid-template-columns: minmax(0, 1fr) auto;
        align-items: center;
      }
      .identity {
        grid-column: 1;
      }
      .status {
        grid-column: 2;
        align-self: center;
      }
      .figures {
        grid-column: 1 / -1;
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 2.25rem;
      }
      .figure.cores {
        flex: 0 1 18rem;
      }
      .charts {
        grid-template-columns: repeat(2, minmax(0, 1fr));
      }
      .history {
        grid-column: 1 / -1;
      }
    }

    /* Laptop: header across, the pies and the history in one line below it. */
    @container (min-width: 900px) {
      .charts {
        grid-template-columns: minmax(16rem, 19rem) minmax(16rem, 19rem) minmax(0, 1fr);
        align-items: start;
      }
      .history {
        grid-column: auto;
      }
    }

    /* Wide (large screens): header on the left, pies and history beside it. */
    @container (min-width: 1500px) {
      .row {
        grid-template-columns: minmax(16rem, 19rem) minmax(0, 1fr);
        align-items: start;
      }
      .header {
        display: flex;
        align-items: stretch;
      }
      .status {
        align-self: flex-start;
      }
      .figures {
        display: grid;
        grid-template-columns: repeat(2, minmax(0, 1fr));
        gap: 0.5rem 1rem;
      }
      .figure.cores {
        grid-column: 1 / -1;
      }
      .charts {
        grid-template-columns: minmax(16rem, 19rem) minmax(16rem, 19rem) minmax(0, 1fr);
        align-items: start;
      }
      .history {
        grid-column: auto;
      }
      .error {
        grid-column: 1 / -1;
      }
    }

    /* Fit (wall): one line per cluster, every chart as tall as the row; name and status on the
       left, the figures beside them without their labels (the numbers say what they are). */
    :host([fit]) .row {
      grid-template-columns: minmax(22rem, 27rem) minmax(0, 1fr);
      grid-template-rows: minmax(0, 1fr);
      align-items: stretch;
      padding: 0.5rem 0.9rem;
      gap: 0 1.5rem;
    }
    :host([fit]) .header {
      display: grid;
      grid-template-columns: minmax(0, 1fr) minmax(0, 1.15fr);
      grid-template-rows: auto auto minmax(0, 1fr);
      align-content: center;
      gap: 0.2rem 1rem;
      overflow: hidden;
    }
    :host([fit]) .identity {
      grid-column: 1;
      grid-row: 1;
    }
    :host([fit]) .title {
      white-space: normal;
      display: -webkit-box;
      -webkit-box-orient: vertical;
      -webkit-line-clamp: 2;
      line-height: 1.15;
    }
    :host([fit]) .status {
      grid-column: 1;
      grid-row: 2;
      max-width: 100%;
      font-size: 0.75rem;
    }
    :host([fit]) .figures {
      grid-column: 2;
      grid-row: 1 / span 3;
      display: flex;
      flex-direction: column;
      gap: 0.1rem;
      align-self: safe center;
    }
    :host([fit]) .status::part(status) {
      border-radius: 0.6em;
      align-items: flex-start;
    }
    :host([fit]) .status::part(detail) {
      white-space: normal;
      display: -webkit-box;
      -webkit-box-orient: vertical;
      -webkit-line-clamp: 2;
    }
    :host([fit]) dt {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
    }
    :host([fit]) .figure dd {
      font-size: 0.8125rem;
      line-height: 1.25;
      margin: 0;
      gap: 0 0.5rem;
    }
    :host([fit]) .figure.cores {
      flex: none;
    }
    :host([fit]) .figure.cores dd {
      row-gap: 0.15rem;
    }
    :host([fit]) .big {
      font-size: 1.3rem;
    }
    :host([fit]) .figure.gpus,
    :host([fit]) .note {
      display: none;
    }
    :host([fit]) .figure.wait dd::before {
      content: 'longest wait';
      color: var(--_muted);
    }
    :host([fit]) .scheduler {
      display: none;
    }
    :host([fit]) .charts {
      grid-template-columns: minmax(0, 1fr) minmax(0, 1fr) minmax(0, 2fr);
      grid-template-rows: minmax(0, 1fr);
      align-items: stretch;
      height: 100%;
      gap: 0 1.5rem;
    }
    :host([fit]) .by-user,
    :host([fit]) .by-group {
      /* As tall as the row, but never so wide that the legend beside it has no room. */
      --webstat-pie-size: clamp(3rem, calc(100cqh - 1.2rem), 8rem);
      --webstat-legend-size: 0.75rem;
    }
    :host([fit]) .history {
      grid-column: auto;
      --webstat-chart-height: 0;
      height: 100%;
    }
    :host([fit]) .error {
      display: none;
    }
    /* A short wall row (eight to a screen): the figures that matter most only. */
    @container (max-height: 140px) {
      :host([fit]) .figure.wait {
        display: none;
      }
    }

    /* Queue table */
    ::slotted([slot='queues']),
    .queues {
      grid-column: 1 / -1;
    }
    .queues {
      border-collapse: collapse;
      font-size: 0.8125rem;
      width: 100%;
    }
    .queues caption {
      text-align: left;
      font-weight: 600;
      color: var(--_muted);
      padding-bottom: 0.25rem;
    }
    .queues th,
    .queues td {
      padding: 0.2rem 0.75rem 0.2rem 0;
      text-align: right;
      border-bottom: 1px solid var(--_border);
      white-space: nowrap;
    }
    .queues th[scope='row'],
    .queues thead th:first-child,
    .queues td:nth-child(2) {
      text-align: left;
    }
    .queues .inactive {
      color: var(--_muted);
    }
    .queues .kind {
      font-size: 0.6875rem;
      color: var(--_muted);
    }
  `,
];
