import { html, LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import type { ClusterHealth } from '../../protocol/model.ts';
import type { ConnectionState } from '../../worker/api.ts';
import { clockNow, clockText } from '../data/clock-text.ts';
import type { ThemeName } from '../theme/theme-tokens.ts';
import { STATUS_ICONS } from './status-icons.ts';
import { statusText } from './status-text.ts';
import { statusStyles } from './status.styles.ts';

/**
 * How fresh a cluster's data is, and why not when it is not: "Live · updated 12 s ago",
 * "Stale · qstat timed out · last data 14 min ago", "Unreachable · … · since 14:02 (3 h)",
 * "Gateway unreachable · reconnecting". Each state has its own icon and title word as well as
 * its colour. The title is a polite live region (it changes rarely); the age is not.
 *
 * @cssproperty --webstat-ok - Colour of live data.
 * @cssproperty --webstat-stale - Colour of stale data; `--webstat-stale-bg` behind it.
 * @cssproperty --webstat-error - Colour of unreachable and failing clusters; `--webstat-error-bg` behind it.
 * @cssproperty --webstat-muted - Colour of the detail text.
 * @csspart status - The whole badge.
 * @csspart icon - The icon.
 * @csspart title - The state word.
 * @csspart detail - Why, and since when.
 */
export class WebstatStatus extends LitElement {
  static override styles = statusStyles;

  /** The cluster's health (`ok`, `stale`, `unreachable`, `scheduler-error`); unset before any data. */
  @property({ type: String }) accessor health: ClusterHealth | null = null;

  /** Why the cluster is not ok, as the gateway says it. */
  @property({ type: String }) accessor message: string | null = null;

  /** End of the cluster's last good collection, epoch seconds. */
  @property({ type: Number, attribute: 'last-ok-at' }) accessor lastOkAt: number | null = null;

  /** Time of the data on screen, epoch seconds. */
  @property({ type: Number, attribute: 'time' }) accessor time: number | null = null;

  /** State of the page's connection to the gateway: `connecting`, `live`, `reconnecting`, `offline`. */
  @property({ type: String }) accessor connection: ConnectionState | null = null;

  /** Since when the connection is in its state, epoch seconds. */
  @property({ type: Number, attribute: 'connection-since' }) accessor connectionSince: number | null = null;

  /** Why the last attempt to reach the gateway failed (a worker error code such as `gateway-unreachable`). */
  @property({ type: String, attribute: 'connection-error' }) accessor connectionError: string | null = null;

  /** The time to measure ages against, epoch seconds; unset means the real clock. */
  @property({ type: Number }) accessor now: number | null = null;

  /** Colour theme: `light` (default), `dark` or `auto`. */
  @property({ type: String, reflect: true }) accessor theme: ThemeName = 'light';

  override render() {
    // Only the detail ages with the clock ("updated 12 s ago"): it is a clock text, which the
    // page's clock rewrites by itself, so a tick does not render the badge again.
    const at = (now: number) =>
      statusText({
        health: this.health,
        message: this.message,
        lastOkAt: this.lastOkAt,
        time: this.time,
        connection: this.connection,
        connectionSince: this.connectionSince,
        connectionError: this.connectionError,
        now,
      });
    const fixedNow = this.now;
    const text = at(fixedNow ?? clockNow());
    const detail = (now: number) => at(fixedNow ?? now).detail;
    const title = (now: number) => {
      const words = detail(now);
      return words ? `${text.title} · ${words}` : text.title;
    };
    return html`
      <div part="status" class="status tone-${text.tone}" title=${clockText(title)}>
        <svg part="icon" class="icon" viewBox="0 0 16 16" aria-hidden="true">${STATUS_ICONS[text.icon]}</svg>
        <span part="title" class="title" role="status">${text.title}</span>
        ${text.detail ? html`<span part="detail" class="detail">${clockText(detail)}</span>` : ''}
      </div>
    `;
  }
}
