import { css } from 'lit';
import { themeStyles } from '../theme/theme.styles.ts';

export const statusStyles = [
  themeStyles,
  css`
    :host {
      display: inline-block;
      max-width: 100%;
      min-width: 0;
      font-family: var(--_font);
      font-size: 0.8125rem;
      color: var(--_fg);
      font-variant-numeric: tabular-nums;
    }
    .status {
      display: flex;
      align-items: center;
      gap: 0.4em;
      min-width: 0;
      padding: 0.15em 0.55em 0.15em 0.4em;
      border-radius: 999px;
      line-height: 1.35;
    }
    .icon {
      flex: none;
      width: 1.15em;
      height: 1.15em;
      fill: none;
      stroke: currentColor;
      stroke-width: 1.6;
      stroke-linecap: round;
      stroke-linejoin: round;
    }
    .title {
      flex: none;
      font-weight: 650;
    }
    .detail {
      min-width: 0;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
      color: var(--_muted);
    }
    .tone-ok {
      color: var(--_ok);
      padding-left: 0;
    }
    .tone-pending {
      color: var(--_muted);
      padding-left: 0;
    }
    .tone-stale {
      color: var(--_stale);
      background: var(--_stale-bg);
    }
    .tone-error {
      color: var(--_error);
      background: var(--_error-bg);
    }
    .tone-stale .detail,
    .tone-error .detail {
      color: var(--_fg);
    }
    .spin {
      transform-origin: 8px 8px;
      animation: spin 1s linear infinite;
    }
    @keyframes spin {
      to {
        transform: rotate(360deg);
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .spin {
        animation: none;
      }
    }
  `,
];
