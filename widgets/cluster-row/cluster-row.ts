import { html, LitElement, nothing, svg, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Level } from '../../protocol/model.ts';
import type { ClusterView, ConnectionStatus, SeriesResult, WorkerError } from '../../worker/api.ts';
import { clockText } from '../data/clock-text.ts';
import { ClusterController } from '../data/cluster-controller.ts';
import { ConnectionController } from '../data/connection-controller.ts';
import {
  DEFAULT_METRIC,
  DEFAULT_RANGE,
  isMetric,
  isRange,
  metricTitle,
  metricUnit,
  type MetricName,
  type RangeName,
} from '../data/ranges.ts';
import { SeriesController } from '../data/series-controller.ts';
import { sameSlices, usageSlices, type PieSlice } from '../data/usage-slices.ts';
import { toWidgetError } from '../data/widget-error.ts';
import { emit } from '../emit.ts';
import { defineHistoryLater } from '../history/define-later.ts';
import type { WebstatHistory } from '../history/history.ts';
import { formatDuration } from '../format/format-duration.ts';
import { formatCount, formatPercent } from '../format/format-number.ts';
import type { ThemeName } from '../theme/theme-tokens.ts';
import { clusterRowStyles } from './cluster-row.styles.ts';
import { headerFigures, type HeaderFigures } from './header-figures.ts';
import { queueTable } from './queue-table.ts';
import { schedulerName } from './scheduler-name.ts';
import { statusText } from '../status/status-text.ts';

/**
 * One cluster at a glance: a header (name, scheduler, status and data age, cores in use of the
 * total with a bar, nodes up/down/offline, jobs running/queued/held, the longest wait in the
 * queue), a pie of current use by user and one by group, and the history of use by user over
 * the chosen range; optionally the queue table.
 *
 * Given `gateway` and `cluster`, the row follows the cluster through the page's shared worker
 * (one WebSocket per gateway, whatever the number of rows). Without them, it shows whatever is
 * put in its `view` and `history` properties.
 *
 * The layout follows the row's own width (phone, laptop, wall); with `fit`, the row fills the
 * height it is given and sizes its charts to it (wall displays).
 *
 * @slot queues - Replaces the built-in queue table (shown with the `queues` attribute).
 * @cssproperty --webstat-font - Font family; and every token of the nested elements (`--webstat-fg`,
 *   `--webstat-bg`, `--webstat-palette-N` …), which inherit into them.
 * @cssproperty --webstat-row-padding - Space inside the row (default 1rem).
 * @cssproperty --webstat-radius - Corner radius of the row (default 10px).
 * @csspart row - The whole row.
 * @csspart header - Name, status and figures.
 * @csspart title - The cluster's name.
 * @csspart figures - The list of figures.
 * @csspart bar - The cores-in-use bar.
 * @csspart by-user - The pie by user (a webstat-pie; its own parts are reachable with exportparts).
 * @csspart by-group - The pie by group.
 * @csspart history - The history chart.
 * @csspart queues - The queue table.
 * @csspart error - Why the row cannot show its cluster.
 * @fires webstat-ready - The row has drawn its first data (status, figures, pies): `{cluster}`.
 * @fires webstat-chart-ready - The row's history chart has drawn its first data: `{cluster}`.
 * @fires webstat-highlight - A user or group was chosen in a chart (bubbles from the pies and the chart).
 */
export class WebstatClusterRow extends LitElement {
  static override styles = clusterRowStyles;

  /** The gateway's address (`https://stats.example.org`), or unset to give data directly. */
  @property({ type: String }) accessor gateway = '';

  /** The cluster's name, as the gateway knows it. */
  @property({ type: String }) accessor cluster = '';

  /** A token for a wider scope than the anonymous one. */
  @property({ type: String }) accessor token: string | null = null;

  /** The detail asked for: `summary`, `users` (default) or `jobs`; the gateway grants at most the token's scope. */
  @property({ type: String }) accessor level: Level = 'users';

  /** What the charts count: `cores` (default), `gpus` or `jobs`. */
  @property({ type: String, reflect: true }) accessor metric: MetricName = DEFAULT_METRIC;

  /** The history's range: `1h`, `6h`, `24h` (default), `7d`, `30d`. */
  @property({ type: String, reflect: true }) accessor range: RangeName = DEFAULT_RANGE;

  /** How many users or groups are named in the charts; the rest are summed as "others". */
  @property({ type: Number }) accessor top = 8;

  /** Colour theme: `light` (default), `dark` or `auto` (follows the system). */
  @property({ type: String, reflect: true }) accessor theme: ThemeName = 'light';

  /** A user to emphasise in every chart of the row. */
  @property({ type: String, attribute: 'highlight-user' }) accessor highlightUser = '';

  /** Replaces the cluster's label as the gateway gives it. */
  @property({ type: String }) accessor label = '';

  /** Shows the queue table. */
  @property({ type: Boolean }) accessor queues = false;

  /** Fills the height the row is given, sizing the charts to it (wall displays). */
  @property({ type: Boolean, reflect: true }) accessor fit = false;

  /** The cluster as the worker gives it (set by the row itself when it has a gateway). */
  @property({ attribute: false }) accessor view: ClusterView | null = null;

  /** The history series (set by the row itself when it has a gateway). */
  @property({ attribute: false }) accessor history: SeriesResult | null = null;

  /** The page's connection to the gateway (set by the row itself when it has a gateway). */
  @property({ attribute: false }) accessor connection: ConnectionStatus | null = null;

  /** A group chosen in the group pie. */
  @state() accessor highlightGroup = '';

  /** Why the history chart could not be loaded (its chunk, with uPlot, comes after the row's). */
  @state() accessor chartError: WorkerError | null = null;

  private readonly link = new ConnectionController(this);
  private readonly follower = new ClusterController(this, (view) => (this.view = view));
  private readonly historyFollower = new SeriesController(this, (result) => (this.history = result));
  private figures: HeaderFigures | null = null;
  /** The pies' slices; the same array while their numbers stay the same, so a pie whose numbers
   * did not change is not drawn again. */
  private userSlices: PieSlice[] | null = null;
  private groupSlices: PieSlice[] | null = null;
  private ready = false;
  private chartReady = false;

  override connectedCallback(): void {
    super.connectedCallback();
    defineHistoryLater().then(
      () => (this.chartError = null),
      (error: unknown) => (this.chartError = { ...toWidgetError(error), code: 'chart-load-failed' }),
    );
    // On the shadow root, where the event still comes from the pie or chart (outside, it seems to
    // come from the row itself); it goes on bubbling to the page.
    this.renderRoot.addEventListener('webstat-highlight', this.onHighlight as EventListener);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.renderRoot.removeEventListener('webstat-highlight', this.onHighlight as EventListener);
  }

  private readonly onHighlight = (event: CustomEvent<{ dimension: 'user' | 'group'; name: string | null }>): void => {
    if (event.detail.dimension === 'group') this.highlightGroup = event.detail.name ?? '';
    else this.highlightUser = event.detail.name ?? '';
  };

  protected override willUpdate(changed: PropertyValues<this>): void {
    const metric = isMetric(this.metric) ? this.metric : DEFAULT_METRIC;
    const range = isRange(this.range) ? this.range : DEFAULT_RANGE;
    const following = this.gateway !== '' && this.cluster !== '';
    const gatewaySource = following ? { gateway: this.gateway, token: this.token } : null;
    this.link.follow(gatewaySource);
    this.follower.follow(following ? { gateway: this.gateway, cluster: this.cluster, token: this.token, level: this.level } : null);
    // The history is asked for once the row shows its first view: its query (and on a reload the
    // loading of sql.js and the saved history) then waits behind every row's figures and pies.
    this.historyFollower.follow(
      following && this.view
        ? { gateway: this.gateway, cluster: this.cluster, groupBy: 'user', metric, range, top: Math.max(1, this.top) }
        : null,
      this.follower.historyVersion,
    );
    if (following) this.connection = this.link.status;
    if (changed.has('view')) this.figures = this.view ? headerFigures(this.view.summary) : null;
    if (changed.has('view') || changed.has('metric') || changed.has('top')) {
      const summary = this.view?.summary;
      const users = summary ? usageSlices(summary.users, metric, this.top) : null;
      const groups = summary ? usageSlices(summary.groups, metric, this.top) : null;
      if (!sameSlices(users, this.userSlices)) this.userSlices = users;
      if (!sameSlices(groups, this.groupSlices)) this.groupSlices = groups;
    }
  }

  protected override updated(): void {
    // Ready once the status, the figures and both pies show the first view: they need nothing but
    // the view (a reload paints them from IndexedDB before any socket or database opens). The
    // history chart follows with its own event: its chunk (uPlot) and its query come later.
    if (!this.ready && this.view) {
      this.ready = true;
      const cluster = this.view.cluster;
      const parts = [...this.renderRoot.querySelectorAll<LitElement>('webstat-pie, webstat-status')];
      void Promise.all(parts.map((part) => part.updateComplete)).then(() => emit(this, 'webstat-ready', { cluster }));
    }
    if (!this.chartReady && this.view && this.history) {
      this.chartReady = true;
      const cluster = this.view.cluster;
      // The history element may still be waiting for its chunk: ready once it is defined and drawn.
      void customElements
        .whenDefined('webstat-history')
        .then(() => this.renderRoot.querySelector<WebstatHistory>('webstat-history')?.drawn)
        .then(() => emit(this, 'webstat-chart-ready', { cluster }));
    }
  }

  override render() {
    const view = this.view;
    const metric = isMetric(this.metric) ? this.metric : DEFAULT_METRIC;
    const label = this.label || view?.label || this.cluster || 'Cluster';
    return html`
      <article part="row" class="row tone-${this.tone()}" aria-labelledby="title">
        <header part="header" class="header">
          <div class="identity">
            <h2 id="title" part="title" class="title">${label}</h2>
            ${view ? html`<span class="scheduler">${schedulerName(view.scheduler)}</span>` : nothing}
          </div>
          <webstat-status
            class="status"
            theme=${this.theme}
            .health=${view?.status.health ?? null}
            .message=${view?.status.message ?? null}
            .lastOkAt=${view?.status.lastOkAt ?? null}
            .time=${view?.time ?? null}
            .connection=${this.connection?.state ?? null}
            .connectionSince=${this.connection ? Math.floor(this.connection.since / 1000) : null}
            .connectionError=${this.connection?.lastError?.code ?? null}
          ></webstat-status>
          ${this.renderFigures()}
        </header>
        ${this.renderError()}
        <div class="charts">
          <webstat-pie
            part="by-user"
            class="by-user"
            theme=${this.theme}
            label="${metricTitle(metric)} by user"
            metric=${metric}
            dimension="user"
            ?compact=${this.fit}
            empty=${this.emptyText(metric)}
            highlight=${this.highlightUser}
            .slices=${this.userSlices}
          ></webstat-pie>
          <webstat-pie
            part="by-group"
            class="by-group"
            theme=${this.theme}
            label="${metricTitle(metric)} by group"
            metric=${metric}
            dimension="group"
            ?compact=${this.fit}
            empty=${this.emptyText(metric)}
            highlight=${this.highlightGroup}
            .slices=${this.groupSlices}
          ></webstat-pie>
          <webstat-history
            part="history"
            class="history"
            theme=${this.theme}
            label=${this.fit ? '' : `${metricTitle(metric)} by user`}
            metric=${metric}
            range=${isRange(this.range) ? this.range : DEFAULT_RANGE}
            dimension="user"
            legend=${this.fit ? 'none' : 'below'}
            highlight=${this.highlightUser}
            .capacity=${this.capacity(metric)}
            .data=${this.history}
          ></webstat-history>
        </div>
        <slot name="queues">
          ${this.queues && view ? queueTable(view.queues, view.summary.queues, `Queues of ${label}`) : nothing}
        </slot>
      </article>
    `;
  }

  private renderFigures() {
    const figures = this.figures;
    if (!figures) return html`<div class="figures placeholder" aria-hidden="true"></div>`;
    const wait = this.view?.summary.oldestQueuedSince ?? null;
    const usable = figures.coresTotal;
    const usedShare = usable > 0 ? Math.min(1, figures.coresUsed / usable) : 0;
    const downShare = usable > 0 ? Math.min(1 - usedShare, figures.coresUnavailable / usable) : 0;
    return html`
      <dl part="figures" class="figures">
        <div class="figure cores">
          <dt>Cores</dt>
          <dd>
            <span class="big">${formatCount(figures.coresUsed)}</span>
            <span class="of"><span class="visually-hidden">in use of</span><span aria-hidden="true">/</span> ${formatCount(figures.coresTotal)}</span>
            <span class="share">${formatPercent(figures.coresUsed, figures.coresTotal)}</span>
            <svg part="bar" class="bar" viewBox="0 0 100 4" preserveAspectRatio="none" aria-hidden="true">
              <rect class="track" width="100" height="4"></rect>
              <rect class="used" width=${usedShare * 100} height="4"></rect>
              ${downShare > 0
                ? svg`<rect class="unavailable" x=${100 - downShare * 100} width=${downShare * 100} height="4"></rect>`
                : nothing}
            </svg>
            ${figures.coresUnavailable > 0
              ? html`<span class="note">${formatCount(figures.coresUnavailable)} unavailable</span>`
              : nothing}
          </dd>
        </div>
        ${figures.gpusTotal > 0
          ? html`<div class="figure gpus">
              <dt>GPUs</dt>
              <dd>
                <span class="big">${formatCount(figures.gpusUsed)}</span>
                <span class="of"><span class="visually-hidden">in use of</span><span aria-hidden="true">/</span> ${formatCount(figures.gpusTotal)}</span>
              </dd>
            </div>`
          : nothing}
        <div class="figure nodes">
          <dt>Nodes</dt>
          <dd>
            <span class="count"><b>${formatCount(figures.nodesUp)}</b> up</span>
            <span class="count ${figures.nodesDown > 0 ? 'bad' : ''}"><b>${formatCount(figures.nodesDown)}</b> down</span>
            <span class="count ${figures.nodesOffline > 0 ? 'warn' : ''}"><b>${formatCount(figures.nodesOffline)}</b> offline</span>
            ${figures.nodesUnknown > 0
              ? html`<span class="count bad"><b>${formatCount(figures.nodesUnknown)}</b> unknown</span>`
              : nothing}
          </dd>
        </div>
        <div class="figure jobs">
          <dt>Jobs</dt>
          <dd>
            <span class="count"><b>${formatCount(figures.jobsRunning)}</b> running</span>
            <span class="count"><b>${formatCount(figures.jobsQueued)}</b> queued</span>
            <span class="count"><b>${formatCount(figures.jobsHeld)}</b> held</span>
            ${figures.jobsSuspended > 0
              ? html`<span class="count"><b>${formatCount(figures.jobsSuspended)}</b> suspended</span>`
              : nothing}
          </dd>
        </div>
        <div class="figure wait">
          <dt>Longest wait</dt>
          <dd>${wait === null ? html`<span class="none">nothing queued</span>` : html`<b>${clockText((now) => formatDuration(now - wait))}</b>`}</dd>
        </div>
      </dl>
    `;
  }

  private renderError() {
    const error = this.follower.error ?? this.link.error ?? this.historyFollower.error ?? this.chartError;
    if (!error || !this.gateway) return nothing;
    return html`<p part="error" class="error" role="alert">
      <b>Cannot show this cluster:</b> ${error.message || 'the worker failed'} <code>${error.code}</code>
    </p>`;
  }

  /** The status tone, so that a stale or failing row looks different as a whole, not only its badge. */
  private tone(): string {
    return statusText({
      health: this.view?.status.health ?? null,
      message: null,
      lastOkAt: null,
      time: null,
      connection: this.connection?.state ?? null,
      connectionSince: null,
      now: 0,
    }).tone;
  }

  private emptyText(metric: MetricName): string {
    if (!this.view) return 'Loading…';
    if (metric === 'gpus' && this.view.summary.gpusTotal === 0) return 'No GPUs here';
    return `No ${metricUnit(metric, 2)} in use`;
  }

  private capacity(metric: MetricName): number | null {
    if (!this.view) return null;
    if (metric === 'cores') return this.view.summary.coresTotal || null;
    if (metric === 'gpus') return this.view.summary.gpusTotal || null;
    return null;
  }
}
