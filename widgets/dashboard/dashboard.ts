import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { Level } from '../../protocol/model.ts';
import { ConnectionController } from '../data/connection-controller.ts';
import {
  DEFAULT_METRIC,
  DEFAULT_RANGE,
  isMetric,
  isRange,
  METRICS,
  metricTitle,
  RANGES,
  type MetricName,
  type RangeName,
} from '../data/ranges.ts';
import { emit } from '../emit.ts';
import type { ThemeName } from '../theme/theme-tokens.ts';
import { dashboardStyles } from './dashboard.styles.ts';
import { pageOf } from './pages.ts';

/**
 * Every cluster a gateway shows, one `<webstat-cluster-row>` each, in the gateway's order or in
 * the order of the `clusters` attribute. With `controls`, a bar to choose the range and the
 * metric for all rows. A user highlighted in one row is highlighted in every row.
 *
 * For wall displays, `fit` makes the rows share the element's height, and `page-size` shows that
 * many rows at a time, turning to the next page every `rotate` seconds. All rows stay subscribed
 * (hidden ones too), so a page turn shows current data at once.
 *
 * @cssproperty --webstat-gap - Space between rows (default 0.75rem).
 * @csspart controls - The range and metric bar.
 * @csspart rows - The list of rows.
 * @csspart row - Each webstat-cluster-row.
 * @csspart message - What is shown instead of rows (connecting, no clusters, an error).
 * @csspart pager - "Page 1 of 2" in rotating mode.
 * @fires webstat-controls - The range or metric was changed with the controls: `{range, metric}`.
 */
export class WebstatDashboard extends LitElement {
  static override styles = dashboardStyles;

  /** The gateway's address (`https://stats.example.org`). */
  @property({ type: String }) accessor gateway = '';

  /** A token for a wider scope than the anonymous one. */
  @property({ type: String }) accessor token: string | null = null;

  /** Which clusters, in which order: `alpha,beta`. Unset: all the gateway shows, in its order. */
  @property({ type: String }) accessor clusters = '';

  /** What the charts count: `cores` (default), `gpus` or `jobs`. */
  @property({ type: String, reflect: true }) accessor metric: MetricName = DEFAULT_METRIC;

  /** The history's range: `1h`, `6h`, `24h` (default), `7d`, `30d`. */
  @property({ type: String, reflect: true }) accessor range: RangeName = DEFAULT_RANGE;

  /** How many users or groups each chart names; the rest are "others". */
  @property({ type: Number }) accessor top = 8;

  /** The detail asked for: `summary`, `users` (default) or `jobs`. */
  @property({ type: String }) accessor level: Level = 'users';

  /** Colour theme: `light` (default), `dark` or `auto`. */
  @property({ type: String, reflect: true }) accessor theme: ThemeName = 'light';

  /** A user to emphasise in every row. */
  @property({ type: String, attribute: 'highlight-user' }) accessor highlightUser = '';

  /** Shows the range and metric controls. */
  @property({ type: Boolean }) accessor controls = false;

  /** Shows each row's queue table. */
  @property({ type: Boolean }) accessor queues = false;

  /** Rows share the element's height (wall displays); set the element's height. */
  @property({ type: Boolean, reflect: true }) accessor fit = false;

  /** Rows per page; 0 (default) shows every row. */
  @property({ type: Number, attribute: 'page-size' }) accessor pageSize = 0;

  /** Seconds per page when there are several pages. */
  @property({ type: Number }) accessor rotate = 30;

  /** The page shown, when rows are paged. */
  @state() accessor page = 0;

  private readonly link = new ConnectionController(this);
  private rotation: ReturnType<typeof setInterval> | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.renderRoot.addEventListener('webstat-highlight', this.onHighlight as EventListener);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.renderRoot.removeEventListener('webstat-highlight', this.onHighlight as EventListener);
    this.stopRotation();
  }

  /** A user chosen in one row is highlighted in every row. */
  private readonly onHighlight = (event: CustomEvent<{ dimension: 'user' | 'group'; name: string | null }>): void => {
    if (event.detail.dimension === 'user') this.highlightUser = event.detail.name ?? '';
  };

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.link.follow(this.gateway ? { gateway: this.gateway, token: this.token } : null);
    if (changed.has('pageSize') || changed.has('rotate')) this.restartRotation();
  }

  /** The clusters to show, in order. */
  get clusterNames(): string[] {
    const chosen = this.clusters
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean);
    if (chosen.length > 0) return chosen;
    return this.link.status?.clusters.map((cluster) => cluster.name) ?? [];
  }

  override render() {
    const names = this.clusterNames;
    // styleMap sets the custom property through the CSSOM, which a strict CSP allows. Rows are keyed
    // by cluster: when the gateway's welcome reorders the clusters restored from IndexedDB, each row
    // moves with its data instead of switching clusters.
    const { first, count, size, pages, page } = pageOf(names.length, this.pageSize, this.page);
    return html`
      ${this.controls ? this.renderControls() : nothing}
      ${names.length === 0
        ? this.renderMessage()
        : html`<ol part="rows" class="rows" style=${styleMap({ '--rows': String(size) })} aria-label="Clusters">
            ${repeat(names, (name) => name, (name, index) => {
              const shown = index >= first && index < first + count;
              return html`<li class="slot" ?hidden=${!shown}>
                <webstat-cluster-row
                  part="row"
                  exportparts="by-user, by-group, history"
                  gateway=${this.gateway}
                  cluster=${name}
                  .token=${this.token}
                  level=${this.level}
                  metric=${this.metric}
                  range=${this.range}
                  .top=${this.top}
                  theme=${this.theme}
                  highlight-user=${this.highlightUser}
                  ?queues=${this.queues}
                  ?fit=${this.fit}
                ></webstat-cluster-row>
              </li>`;
            })}
          </ol>`}
      ${pages > 1 ? html`<p part="pager" class="pager" aria-live="off">Page ${page + 1} of ${pages}</p>` : nothing}
    `;
  }

  private renderControls() {
    const range = isRange(this.range) ? this.range : DEFAULT_RANGE;
    const metric = isMetric(this.metric) ? this.metric : DEFAULT_METRIC;
    return html`
      <div part="controls" class="controls">
        <div class="segmented" role="radiogroup" aria-label="Time range">
          ${RANGES.map(
            (value) => html`<button
              type="button"
              role="radio"
              aria-checked=${String(value === range)}
              @click=${() => this.choose(value, metric)}
            >
              ${value}
            </button>`,
          )}
        </div>
        <div class="segmented" role="radiogroup" aria-label="Metric">
          ${METRICS.map(
            (value) => html`<button
              type="button"
              role="radio"
              aria-checked=${String(value === metric)}
              @click=${() => this.choose(range, value)}
            >
              ${metricTitle(value)}
            </button>`,
          )}
        </div>
      </div>
    `;
  }

  private renderMessage() {
    const error = this.link.error;
    const status = this.link.status;
    let text: string;
    if (!this.gateway) text = 'No gateway given.';
    else if (error) text = `Cannot reach the gateway: ${error.message} (${error.code})`;
    else if (!status || status.state === 'connecting') text = 'Connecting to the gateway…';
    else if (status.state !== 'live' && status.clusters.length === 0) text = 'The gateway cannot be reached; trying again…';
    else text = 'This gateway shows no clusters to you.';
    return html`<p part="message" class="message" role="status">${text}</p>`;
  }

  private choose(range: RangeName, metric: MetricName): void {
    if (range === this.range && metric === this.metric) return;
    this.range = range;
    this.metric = metric;
    emit(this, 'webstat-controls', { range, metric });
  }

  private restartRotation(): void {
    this.stopRotation();
    if (this.pageSize > 0 && this.rotate > 0) {
      this.rotation = setInterval(() => {
        this.page = pageOf(this.clusterNames.length, this.pageSize, this.page + 1).page;
      }, this.rotate * 1000);
    }
  }

  private stopRotation(): void {
    if (this.rotation !== null) clearInterval(this.rotation);
    this.rotation = null;
  }
}
