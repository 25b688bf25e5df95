import { html, LitElement, nothing, svg, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { PieSlice } from '../data/usage-slices.ts';
import { metricUnit, type MetricName } from '../data/ranges.ts';
import { emit } from '../emit.ts';
import { afterNextPaint } from '../data/after-paint.ts';
import { rovingTarget } from '../keyboard/roving-index.ts';
import { displayName } from '../format/display-name.ts';
import { formatCompact, formatCount, formatPercent } from '../format/format-number.ts';
import { chartColourClass, chartColours } from '../theme/chart-colours.ts';
import type { ThemeName } from '../theme/theme-tokens.ts';
import { arcsOf, donutSlicePath, midDirection } from './pie-geometry.ts';
import { pieStyles } from './pie.styles.ts';

const OUTER = 1;
const INNER = 0.62;
const PULL = 0.07;

/**
 * A donut of who uses a cluster right now (by user or by group), in SVG. The centre shows the
 * total, or the slice under the pointer or keyboard focus; a legend lists every slice with its
 * number and share; a table of the same numbers is there for screen readers from the frame after
 * the first slices are drawn (visible at once with `show-table`).
 *
 * Keyboard: the legend is one tab stop; arrow keys, Home and End move between entries (or between
 * slices with `legend="none"`); Enter or Space highlights the entry (a `webstat-highlight` event).
 *
 * @cssproperty --webstat-font - Font family.
 * @cssproperty --webstat-fg - Text colour.
 * @cssproperty --webstat-muted - Secondary text colour.
 * @cssproperty --webstat-bg - Background (also the gap between slices).
 * @cssproperty --webstat-palette-0 - The first of nine palette colours (`-0` … `-8`).
 * @cssproperty --webstat-others - Colour of `others`.
 * @cssproperty --webstat-pie-size - Diameter of the donut (default: fits the element's height, at most 11rem).
 * @csspart figure - The whole chart.
 * @csspart label - The caption above the donut.
 * @csspart pie - The SVG donut.
 * @csspart legend - The list of entries beside the donut.
 * @csspart table - The table of numbers.
 * @fires webstat-highlight - A legend entry or slice was activated: `{dimension, name}` (null to clear).
 */
export class WebstatPie extends LitElement {
  static override styles = pieStyles;

  /** The slices, largest first; null while loading. Replace the array to update, never mutate it. */
  @property({ attribute: false }) accessor slices: PieSlice[] | null = null;

  /** The caption, e.g. "Cores by user". */
  @property({ type: String }) accessor label = '';

  /** What the values count: `cores`, `gpus` or `jobs`. */
  @property({ type: String }) accessor metric: MetricName = 'cores';

  /** Whether the slices are users or groups (named in the `webstat-highlight` event). */
  @property({ type: String }) accessor dimension: 'user' | 'group' = 'user';

  /** A name to emphasise (its slice pulled out, the others dimmed). */
  @property({ type: String }) accessor highlight = '';

  /** Where the legend goes: `side` (default), `below` or `none`. */
  @property({ type: String, reflect: true }) accessor legend: 'side' | 'below' | 'none' = 'side';

  /** Shows the table of numbers instead of keeping it for screen readers only. */
  @property({ type: Boolean, attribute: 'show-table' }) accessor showTable = false;

  /** Puts the caption beside the donut, at the head of the legend (rows on a wall display). */
  @property({ type: Boolean, reflect: true }) accessor compact = false;

  /** Colour theme: `light` (default), `dark` or `auto` (follows the system). */
  @property({ type: String, reflect: true }) accessor theme: ThemeName = 'light';

  /** What to say when there are no slices, e.g. "No running jobs". */
  @property({ type: String }) accessor empty = 'Nothing running';

  /** The slice under the pointer or keyboard focus. */
  @state() accessor active: string | null = null;

  /** The entry that holds the legend's single tab stop. */
  @state() accessor focusIndex = 0;

  /** Whether the table for screen readers is rendered: from the frame after the first slices are
   * drawn (see `updated`). */
  @state() private accessor tableRendered = false;

  private tableScheduled = false;

  /** Colour classes of the slices, by index. */
  private colours: string[] = [];

  protected override updated(): void {
    // The table for screen readers (as many cells as the legend, laid out though not seen) joins
    // in the frame after the donut and legend are first drawn: a grid's first paint lays out
    // twenty of them otherwise, for nothing a sighted reader sees. A screen reader gets it a
    // frame later.
    if (this.tableRendered || this.tableScheduled || this.slices === null) return;
    this.tableScheduled = true;
    afterNextPaint(() => (this.tableRendered = true));
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('slices')) {
      this.colours = chartColours((this.slices ?? []).map((slice) => slice.name)).map(chartColourClass);
      const count = this.slices?.length ?? 0;
      if (this.focusIndex >= count) this.focusIndex = Math.max(0, count - 1);
      if (this.active !== null && !this.slices?.some((slice) => slice.name === this.active)) this.active = null;
    }
  }

  override render() {
    const slices = this.slices ?? [];
    const total = slices.reduce((sum, slice) => sum + slice.value, 0);
    const caption = this.label ? html`<figcaption part="label" class="label">${this.label}</figcaption>` : nothing;
    // Compact: the caption heads the legend beside the donut instead of taking a line above it.
    const beside = this.compact && this.legend === 'side';
    return html`
      <figure part="figure" class="figure">
        ${beside ? nothing : caption}
        <div class="body">
          ${this.renderDonut(slices, total)}
          ${beside
            ? html`<div class="side">${caption} ${this.renderLegend(slices, total)}</div>`
            : this.legend === 'none'
              ? nothing
              : this.renderLegend(slices, total)}
        </div>
        ${this.showTable || this.tableRendered ? this.renderTable(slices, total) : nothing}
      </figure>
    `;
  }

  private renderDonut(slices: PieSlice[], total: number) {
    const arcs = arcsOf(slices.map((slice) => slice.value));
    const highlighted = slices.some((slice) => slice.name === this.highlight);
    const focusable = this.legend === 'none';
    const active = slices.find((slice) => slice.name === this.active) ?? null;
    return html`
      <div class="donut">
        <svg
          part="pie"
          viewBox="-1.1 -1.1 2.2 2.2"
          role=${focusable ? 'listbox' : 'img'}
          aria-label=${this.donutLabel(slices, total)}
          @pointerleave=${this.onPointerLeave}
          @keydown=${focusable ? this.onKeydown : nothing}
        >
          <circle class="track" r=${(OUTER + INNER) / 2} stroke-width=${OUTER - INNER}></circle>
          ${slices.map((slice, index) => {
            const arc = arcs[index]!;
            const pulled = slice.name === this.highlight;
            const offset = pulled ? midDirection(arc) : { x: 0, y: 0 };
            return svg`<path
              class="slice ${this.colours[index]} ${highlighted && !pulled ? 'dimmed' : ''} ${this.active === slice.name ? 'active' : ''}"
              d=${donutSlicePath(arc, OUTER, INNER)}
              transform="translate(${offset.x * PULL} ${offset.y * PULL})"
              role=${focusable ? 'option' : nothing}
              aria-label=${focusable ? this.entryText(slice, total, true) : nothing}
              aria-selected=${focusable ? String(slice.name === this.highlight) : nothing}
              tabindex=${focusable ? (index === this.focusIndex ? 0 : -1) : nothing}
              data-name=${slice.name}
              @pointerenter=${() => (this.active = slice.name)}
              @pointerdown=${() => (this.active = slice.name)}
              @focus=${() => this.onItemFocus(index)}
              @blur=${() => (this.active = null)}
              @click=${() => this.toggleHighlight(slice.name)}
            ></path>`;
          })}
        </svg>
        <div class="centre" aria-hidden="true">
          ${this.slices === null
            ? html`<span class="centre-note">Loading…</span>`
            : active
              ? html`<span class="centre-name">${displayName(active.name)}</span>
                  <span class="centre-value">${formatCount(active.value)}</span>
                  <span class="centre-unit">${formatPercent(active.value, total)}</span>`
              : total > 0
                ? html`<span class="centre-value">${formatCompact(total)}</span>
                    <span class="centre-unit">${metricUnit(this.metric, total)}</span>`
                : html`<span class="centre-note">${this.empty}</span>`}
        </div>
      </div>
    `;
  }

  private renderLegend(slices: PieSlice[], total: number) {
    if (slices.length === 0) return nothing;
    // The button is named by the visible name alone (what a speech-input user says to press it);
    // the numbers are its description.
    return html`
      <ul part="legend" class="legend" aria-label="${this.label || 'Legend'}" @keydown=${this.onKeydown}>
        ${slices.map(
          (slice, index) => html`
            <li
              class="entry ${this.colours[index]} ${this.active === slice.name ? 'active' : ''}"
              @pointerenter=${() => (this.active = slice.name)}
              @pointerleave=${this.onPointerLeave}
              @click=${(event: Event) => {
                if (!(event.target instanceof HTMLButtonElement)) this.toggleHighlight(slice.name);
              }}
            >
              <button
                type="button"
                tabindex=${index === this.focusIndex ? 0 : -1}
                aria-pressed=${String(slice.name === this.highlight)}
                aria-describedby="entry-${index}"
                data-name=${slice.name}
                @focus=${() => this.onItemFocus(index)}
                @blur=${() => (this.active = null)}
                @click=${() => this.toggleHighlight(slice.name)}
              >
                <span class="swatch" aria-hidden="true"></span><span class="name" title=${slice.name}>${displayName(slice.name)}</span>
              </button>
              <span class="value" aria-hidden="true">${formatCount(slice.value)}</span>
              <span class="share" aria-hidden="true">${formatPercent(slice.value, total)}</span>
              <span id="entry-${index}" class="visually-hidden">${this.entryText(slice, total)}</span>
            </li>
          `,
        )}
      </ul>
    `;
  }

  private renderTable(slices: PieSlice[], total: number) {
    const unit = metricUnit(this.metric, 2);
    return html`
      <div class=${this.showTable ? 'table-box' : 'table-box visually-hidden'}>
      <table part="table" class="table">
        <caption>
          ${this.label || 'Usage'}: ${formatCount(total)} ${metricUnit(this.metric, total)} in use
        </caption>
        <thead>
          <tr>
            <th scope="col">${this.dimension === 'group' ? 'Group' : 'User'}</th>
            <th scope="col">Running ${unit}</th>
            <th scope="col">Share</th>
            <th scope="col">Queued ${unit}</th>
          </tr>
        </thead>
        <tbody>
          ${slices.map(
            (slice) => html`<tr>
              <th scope="row">${slice.name}</th>
              <td>${formatCount(slice.value)}</td>
              <td>${formatPercent(slice.value, total)}</td>
              <td>${slice.queued === null ? '–' : formatCount(slice.queued)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
      </div>
    `;
  }

  /** The numbers of an entry in words; with the name for slices, which have no visible text. */
  private entryText(slice: PieSlice, total: number, withName = false): string {
    const queued = slice.queued ? `, ${formatCount(slice.queued)} queued` : '';
    const numbers = `${formatCount(slice.value)} ${metricUnit(this.metric, slice.value)}, ${formatPercent(slice.value, total)}${queued}`;
    return withName ? `${slice.name}: ${numbers}` : numbers;
  }

  private donutLabel(slices: PieSlice[], total: number): string {
    if (this.slices === null) return `${this.label}: loading`;
    if (slices.length === 0) return `${this.label}: ${this.empty}`;
    return `${this.label}: ${formatCount(total)} ${metricUnit(this.metric, total)} in use by ${slices.length} ${
      slices.length === 1 ? 'entry' : 'entries'
    }`;
  }

  /** A mouse leaving ends the hover; a finger lifting does not (a tap shows the numbers until the next). */
  private readonly onPointerLeave = (event: PointerEvent): void => {
    if (event.pointerType === 'mouse' || event.pointerType === 'pen') this.active = null;
  };

  private onItemFocus(index: number): void {
    this.focusIndex = index;
    this.active = this.slices?.[index]?.name ?? null;
  }

  private toggleHighlight(name: string): void {
    const next = this.highlight === name ? '' : name;
    this.highlight = next;
    emit(this, 'webstat-highlight', { dimension: this.dimension, name: next || null });
  }

  private readonly onKeydown = (event: KeyboardEvent): void => {
    const count = this.slices?.length ?? 0;
    const target = rovingTarget(event.key, this.focusIndex, count);
    if (target === null) {
      if ((event.key === 'Enter' || event.key === ' ') && this.legend === 'none') {
        event.preventDefault();
        const slice = this.slices?.[this.focusIndex];
        if (slice) this.toggleHighlight(slice.name);
      }
      return;
    }
    event.preventDefault();
    this.focusIndex = target;
    void this.updateComplete.then(() => this.focusedItems()[this.focusIndex]?.focus());
  };

  private focusedItems(): Array<HTMLElement | SVGElement> {
    const selector = this.legend === 'none' ? 'path.slice' : '.legend button';
    return [...(this.renderRoot.querySelectorAll<HTMLElement | SVGElement>(selector) ?? [])];
  }
}
