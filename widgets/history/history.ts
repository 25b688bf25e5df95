import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { SeriesResult } from '../../worker/api.ts';
import { metricTitle, metricUnit, RANGE_SPECS, type MetricName, type RangeName } from '../data/ranges.ts';
import { emit } from '../emit.ts';
import { displayName } from '../format/display-name.ts';
import { formatDuration } from '../format/format-duration.ts';
import { formatCount } from '../format/format-number.ts';
import { formatDateTime } from '../format/format-time.ts';
import { rovingTarget } from '../keyboard/roving-index.ts';
import { chartColourClass, chartColours, type ChartColour } from '../theme/chart-colours.ts';
import { mixColours } from '../theme/mix-colours.ts';
import { TONE_MIX } from '../theme/palette.ts';
import type { ThemeName } from '../theme/theme-tokens.ts';
import { historyStyles } from './history.styles.ts';
import { seriesStats, totalAt, type SeriesStats } from './series-stats.ts';
import { stackSeries, type StackedData } from './stack-series.ts';
import { readThemeColours, type ThemeColours } from './theme-colours.ts';
import { UplotController, type ChartLook } from './uplot-controller.ts';

/**
 * The history of a cluster's usage as stacked areas (uPlot), one band per user or group, largest
 * at the bottom, `others` on top; a gap where the cluster was unreachable. Hovering, or focusing
 * the chart and using the arrow keys, shows the exact numbers at one time; the legend gives each
 * series' latest value and highlights it; a table gives now, mean and peak of every series for
 * screen readers (visible with `show-table`).
 *
 * @cssproperty --webstat-font - Font family.
 * @cssproperty --webstat-fg - Text colour; `--webstat-muted` for axes and secondary text.
 * @cssproperty --webstat-grid - Grid lines.
 * @cssproperty --webstat-palette-0 - The first of nine palette colours (`-0` … `-8`); `--webstat-others` for others.
 * @cssproperty --webstat-chart-height - Height of the plot when the element's own height is not set (default 11rem).
 * @csspart figure - The whole chart.
 * @csspart label - The caption.
 * @csspart chart - The plot (focusable).
 * @csspart tooltip - The numbers at the cursor.
 * @csspart legend - The series list.
 * @csspart table - The table of numbers.
 * @fires webstat-highlight - A legend entry was activated: `{dimension, name}` (null to clear).
 */
export class WebstatHistory extends LitElement {
  static override styles = historyStyles;

  /** Columns from the worker's series query; null while loading. Replace to update, never mutate. */
  @property({ attribute: false }) accessor data: SeriesResult | null = null;

  /** The caption, e.g. "Cores by user". */
  @property({ type: String }) accessor label = '';

  /** What the values count: `cores`, `gpus` or `jobs`. */
  @property({ type: String }) accessor metric: MetricName = 'cores';

  /** What the series are (named in the `webstat-highlight` event). */
  @property({ type: String }) accessor dimension: 'user' | 'group' = 'user';

  /** The range shown, for the caption: `1h`, `6h`, `24h`, `7d`, `30d`. */
  @property({ type: String }) accessor range: RangeName = '24h';

  /** A series to emphasise (the others fade). */
  @property({ type: String }) accessor highlight = '';

  /** Draws a dashed line at this value: the cluster's capacity in the metric. */
  @property({ type: Number }) accessor capacity: number | null = null;

  /** `below` (default) or `none`. */
  @property({ type: String, reflect: true }) accessor legend: 'below' | 'none' = 'below';

  /** Shows the table of numbers instead of keeping it for screen readers only. */
  @property({ type: Boolean, attribute: 'show-table' }) accessor showTable = false;

  /** Colour theme: `light` (default), `dark` or `auto`. */
  @property({ type: String, reflect: true }) accessor theme: ThemeName = 'light';

  /** The data index under the cursor. */
  @state() accessor cursor: number | null = null;

  /** The legend entry that holds the legend's tab stop. */
  @state() accessor focusIndex = 0;

  private stacked: StackedData | null = null;
  /** Chart colours of the series, by index into `data.series`. */
  private colours: ChartColour[] = [];
  private stats: SeriesStats[] = [];
  /** Now, mean and peak of the sum of all series. */
  private total: SeriesStats = seriesStats({ name: 'Total', values: [] });

  /** The theme's colours as computed for this element; read once per theme (reading computed
   * styles while other rows change the page would make the browser recompute every style). */
  private themeColours: ThemeColours | null = null;

  private readonly chart = new UplotController(this, () => this.renderRoot.querySelector<HTMLElement>('.plot'), {
    onCursor: (index) => (this.cursor = index),
    onScheme: () => {
      this.themeColours = null;
      this.chart.restyle(this.lookOf);
    },
  });

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('theme')) this.themeColours = null;
    if (changed.has('data')) {
      this.stacked = this.data && this.data.series.length > 0 ? stackSeries(this.data) : null;
      this.stats = this.data?.series.map(seriesStats) ?? [];
      this.colours = chartColours(this.data?.series.map((one) => one.name) ?? []);
      const data = this.data;
      this.total = seriesStats({ name: 'Total', values: data ? data.times.map((_, index) => totalAt(data.series, index)) : [] });
      if (this.cursor !== null && this.cursor >= (this.data?.times.length ?? 0)) this.cursor = null;
      if (this.focusIndex >= this.stats.length) this.focusIndex = 0;
    }
  }

  /** Settles once the chart shows the current data (it draws after the page's next paint). */
  get drawn(): Promise<void> {
    return this.updateComplete.then(() => this.chart.drawn);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('data')) this.chart.show(this.stacked, this.lookOf);
    else if (changed.has('highlight') || changed.has('theme') || changed.has('capacity')) this.chart.restyle(this.lookOf);
  }

  override render() {
    const spec = RANGE_SPECS[this.range] ?? RANGE_SPECS['24h'];
    return html`
      <figure part="figure" class="figure">
        ${this.label
          ? html`<figcaption part="label" class="label">${this.label}<span class="range"> · ${spec.label}</span></figcaption>`
          : nothing}
        <div class="area">
          <div
            part="chart"
            class="plot"
            tabindex="0"
            role="img"
            aria-label=${this.summary()}
            @keydown=${this.onChartKey}
            @focus=${this.onChartFocus}
            @blur=${() => this.chart.hideCursor()}
          ></div>
          ${this.renderOverlay()} ${this.renderTooltip()}
        </div>
        ${this.legend === 'none' ? nothing : this.renderLegend()} ${this.renderTable()}
      </figure>
    `;
  }

  private renderOverlay() {
    if (this.data === null) return html`<div class="overlay">Loading history…</div>`;
    if (!this.stacked || this.stats.every((one) => one.latest === null)) {
      return html`<div class="overlay">No history for this range yet</div>`;
    }
    // One sample draws nothing visible as an area: say that history has only begun.
    const times = this.data.times.filter((_, index) => totalAt(this.data!.series, index) !== null);
    if (times.length < 2) return html`<div class="overlay">History starts ${formatDateTime(times[0]!)}</div>`;
    return nothing;
  }

  private renderTooltip() {
    const index = this.cursor;
    const data = this.data;
    if (index === null || !data || data.series.length === 0) return nothing;
    const time = data.times[index];
    if (time === undefined) return nothing;
    const total = totalAt(data.series, index);
    const side = index < data.times.length / 2 ? 'dock-right' : 'dock-left';
    return html`
      <div part="tooltip" class="tooltip ${side}" aria-hidden="true">
        <div class="tooltip-time">${formatDateTime(time)}</div>
        ${total === null
          ? html`<div class="tooltip-gap">no data (cluster not reachable)</div>`
          : html`
              <div class="tooltip-total"><span>Total</span><span>${formatCount(total)}</span></div>
              ${data.series.map((one, seriesIndex) => {
                const value = one.values[index] ?? null;
                return html`<div class="tooltip-row ${chartColourClass(this.colours[seriesIndex]!)} ${one.name === this.highlight ? 'highlighted' : ''}">
                  <span class="swatch"></span><span class="name">${displayName(one.name)}</span><span>${value === null ? '–' : formatCount(value)}</span>
                </div>`;
              })}
            `}
      </div>
    `;
  }

  private renderLegend() {
    if (this.stats.length === 0) return nothing;
    return html`
      <ul part="legend" class="legend" aria-label="${this.label || 'Series'}" @keydown=${this.onLegendKey}>
        ${this.stats.map(
          (one, index) => html`
            <li class="entry ${chartColourClass(this.colours[index]!)}">
              <button
                type="button"
                tabindex=${index === this.focusIndex ? 0 : -1}
                aria-pressed=${String(one.name === this.highlight)}
                @focus=${() => (this.focusIndex = index)}
                @click=${() => this.toggleHighlight(one.name)}
              >
                <span class="swatch" aria-hidden="true"></span><span class="name" title=${one.name}>${displayName(one.name)}</span>
              </button>
            </li>
          `,
        )}
      </ul>
    `;
  }

  private renderTable() {
    const spec = RANGE_SPECS[this.range] ?? RANGE_SPECS['24h'];
    const step = this.data && this.data.times.length > 1 ? this.data.times[1]! - this.data.times[0]! : null;
    const cell = (value: number | null) => (value === null ? '–' : formatCount(Math.round(value * 10) / 10));
    const total = this.total;
    return html`
      <div class=${this.showTable ? 'table-box' : 'table-box visually-hidden'}>
      <table part="table" class="table">
        <caption>
          ${this.label || metricTitle(this.metric)}, ${spec.label}${step ? ` (means over ${formatDuration(step)})` : ''}
        </caption>
        <thead>
          <tr>
            <th scope="col">${this.dimension === 'group' ? 'Group' : 'User'}</th>
            <th scope="col">Now</th>
            <th scope="col">Mean</th>
            <th scope="col">Peak</th>
          </tr>
        </thead>
        <tbody>
          ${this.stats.map(
            (one) => html`<tr>
              <th scope="row">${one.name}</th>
              <td>${cell(one.latest)}</td>
              <td>${cell(one.mean)}</td>
              <td>${cell(one.peak)}</td>
            </tr>`,
          )}
        </tbody>
        ${this.stats.length > 0
          ? html`<tfoot>
              <tr>
                <th scope="row">Total</th>
                <td>${cell(total.latest)}</td>
                <td>${cell(total.mean)}</td>
                <td>${cell(total.peak)}</td>
              </tr>
            </tfoot>`
          : nothing}
      </table>
      </div>
    `;
  }

  private summary(): string {
    const title = this.label || metricTitle(this.metric);
    const spec = RANGE_SPECS[this.range] ?? RANGE_SPECS['24h'];
    if (this.data === null) return `${title}, ${spec.label}: loading`;
    const stats = this.total;
    if (stats.latest === null) return `${title}, ${spec.label}: no data`;
    const unit = metricUnit(this.metric, 2);
    const peakTime = stats.peakIndex === null ? '' : ` at ${formatDateTime(this.data.times[stats.peakIndex]!)}`;
    return (
      `${title}, ${spec.label}: now ${formatCount(stats.latest)} ${unit}, peak ${formatCount(stats.peak!)}${peakTime}, ` +
      `mean ${formatCount(Math.round(stats.mean!))}. Arrow keys read the values at each time.`
    );
  }

  private readonly lookOf = (): ChartLook => this.look();

  private look(): ChartLook {
    this.themeColours ??= readThemeColours(this);
    const theme = this.themeColours;
    const highlighted = this.highlight !== '' && (this.data?.series.some((one) => one.name === this.highlight) ?? false);
    const resolved = new Map<string, string>();
    this.data?.series.forEach((one, index) => {
      const colour = this.colours[index]!;
      const base = colour.index === null ? theme.others : theme.palette[colour.index]!;
      const toned = colour.tone === 0 ? base : mixColours(base, colour.tone === 1 ? 'white' : 'black', TONE_MIX);
      resolved.set(one.name, toned);
    });
    const highlight = this.highlight;
    return {
      colour: (name) => resolved.get(name) ?? '#888888',
      dimmed: (name) => highlighted && name !== highlight,
      axis: theme.muted,
      grid: theme.grid,
      background: theme.background,
      font: theme.font,
      fontSize: theme.fontSize,
      capacity: this.capacity,
      capacityColour: theme.muted,
    };
  }

  private toggleHighlight(name: string): void {
    const next = this.highlight === name ? '' : name;
    this.highlight = next;
    emit(this, 'webstat-highlight', { dimension: this.dimension, name: next || null });
  }

  private readonly onChartFocus = (): void => {
    const count = this.data?.times.length ?? 0;
    if (count > 0) this.chart.moveCursor(this.cursor ?? count - 1);
  };

  private readonly onChartKey = (event: KeyboardEvent): void => {
    const count = this.data?.times.length ?? 0;
    if (count === 0) return;
    const current = this.cursor ?? count - 1;
    const stride = event.shiftKey ? 10 : 1;
    const moves: Record<string, number> = {
      ArrowLeft: current - stride,
      ArrowRight: current + stride,
      Home: 0,
      End: count - 1,
    };
    if (event.key === 'Escape') {
      this.chart.hideCursor();
      return;
    }
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    this.chart.moveCursor(Math.max(0, Math.min(count - 1, target)));
  };

  private readonly onLegendKey = (event: KeyboardEvent): void => {
    const target = rovingTarget(event.key, this.focusIndex, this.stats.length);
    if (target === null) return;
    event.preventDefault();
    this.focusIndex = target;
    void this.updateComplete.then(() => this.renderRoot.querySelectorAll<HTMLButtonElement>('.legend button')[target]?.focus());
  };
}
