/**
 * Owns a uPlot chart inside an element's shadow root: creates it when there are data and a size,
 * feeds it new data, follows the container's size and the system's colour scheme, and destroys it
 * when the element leaves the page. (uPlot arrives with the element's own chunk: define-later.ts.)
 *
 * What a live update costs matters (a wall shows dozens of these for weeks), so:
 * - the size comes from the ResizeObserver's entries, never from reading the layout (which would
 *   force the browser to lay out a page that other rows are still changing);
 * - new data of the same number of series is `setData` on the chart in place; the series' colours
 *   are looked up by index at draw time, so new names or a new highlight need no new chart;
 * - `setSize` only when the observed size really changed;
 * - new data is drawn after the next frame is painted, all charts of the page together: uPlot
 *   measures its canvas when it builds or commits, and in the middle of a burst of rows getting
 *   their data that would lay out the whole page once per chart (hundreds of milliseconds each on
 *   a first paint); after a paint the layout is clean and the figures and pies are on screen.
 * uPlot draws on canvas, so colours come resolved in the ChartLook (history.ts reads them once per
 * theme, not per update).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import uPlot from 'uplot';
import { afterNextPaint } from '../data/after-paint.ts';
import { formatCompact } from '../format/format-number.ts';
import { mixColours } from '../theme/mix-colours.ts';
import type { StackedData } from './stack-series.ts';

export interface ChartLook {
  /** Colour of a series by its name (already resolved, e.g. `#117733`). */
  colour(name: string): string;
  /** Whether a series is drawn faded (another one is highlighted). */
  dimmed(name: string): boolean;
  axis: string;
  grid: string;
  /** The chart's background, which faded series are mixed towards. */
  background: string;
  font: string;
  /** Axis label size, CSS pixels. */
  fontSize: number;
  /** A dashed line at this value (the cluster's capacity), or null. */
  capacity: number | null;
  capacityColour: string;
}

export interface ChartHooks {
  /** The cursor moved to a data index (null: it left the chart). */
  onCursor(index: number | null): void;
  /** The system's colour scheme changed (colours must be read again). */
  onScheme(): void;
}

/** What a change of look needs: a redraw with the same chart, or a new chart (axes, fonts). */
function sameFrame(a: ChartLook, b: ChartLook): boolean {
  return (
    a.axis === b.axis &&
    a.grid === b.grid &&
    a.font === b.font &&
    a.fontSize === b.fontSize &&
    a.capacity === b.capacity &&
    a.capacityColour === b.capacityColour &&
    a.background === b.background
  );
}

/** Charts with new data waiting for the next frame to be painted (each drawn once). */
const waiting = new Set<UplotController>();

function drawAfterNextPaint(controller: UplotController): void {
  if (waiting.size === 0) {
    afterNextPaint(() => {
      const charts = [...waiting];
      waiting.clear();
      for (const chart of charts) chart.drawWaiting();
    });
  }
  waiting.add(controller);
}

export class UplotController implements ReactiveController {
  /** Settles when the data last shown is on the canvas (or there is nothing to draw). */
  private drawnPromise: Promise<void> = Promise.resolve();
  private settleDrawn: (() => void) | null = null;
  private chart: uPlot | null = null;
  /** The look the chart was built with (axes, fonts, capacity). */
  private builtLook: ChartLook | null = null;
  /** Series names in drawing order, read by the series' colour functions at draw time. */
  private names: string[] = [];
  private data: StackedData | null = null;
  /** Makes the look when the chart draws (reading the theme may make the browser compute styles,
   * which is cheap there: the chart draws after layout, from the ResizeObserver, or on new data). */
  private lookOf: (() => ChartLook) | null = null;
  private look: ChartLook | null = null;
  private observer: ResizeObserver | null = null;
  private observed: HTMLElement | null = null;
  private width = 0;
  private height = 0;
  private readonly scheme = matchMedia('(prefers-color-scheme: dark)');

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    /** Where the chart goes, once rendered. */
    private readonly target: () => HTMLElement | null,
    private readonly hooks: ChartHooks,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.observer = new ResizeObserver((entries) => this.onResize(entries));
    this.scheme.addEventListener('change', this.onScheme);
  }

  hostUpdated(): void {
    const target = this.target();
    if (target && target !== this.observed) {
      this.observer?.disconnect();
      this.observer?.observe(target);
      this.observed = target;
      this.width = 0;
      this.height = 0;
      this.destroy();
    }
  }

  hostDisconnected(): void {
    this.markDrawn();
    this.observer?.disconnect();
    this.observer = null;
    this.observed = null;
    this.scheme.removeEventListener('change', this.onScheme);
    this.destroy();
  }

  /** New data, and how to make the look: drawn after the next paint (see above). */
  show(data: StackedData | null, lookOf: () => ChartLook): void {
    this.data = data;
    this.lookOf = lookOf;
    if (!data) {
      this.destroy();
      this.markDrawn();
      return;
    }
    if (!this.settleDrawn) this.drawnPromise = new Promise((resolve) => (this.settleDrawn = resolve));
    drawAfterNextPaint(this);
  }

  /** Settles once the data last shown is drawn. */
  get drawn(): Promise<void> {
    return this.drawnPromise;
  }

  /** Draws the data waiting for a paint (called by the page-wide schedule). */
  drawWaiting(): void {
    if (this.observed) this.draw();
    this.markDrawn();
  }

  private markDrawn(): void {
    waiting.delete(this);
    this.settleDrawn?.();
    this.settleDrawn = null;
  }

  /** Redraws with a new look (a highlight, theme or capacity change). */
  restyle(lookOf: () => ChartLook): void {
    this.lookOf = lookOf;
    if (!this.chart) return;
    const look = lookOf();
    if (this.builtLook && sameFrame(this.builtLook, look)) {
      this.look = look;
      this.chart.redraw(false);
    } else {
      this.draw();
    }
  }

  /** Moves the cursor to a data index, as a pointer would (keyboard access). */
  moveCursor(index: number): void {
    const chart = this.chart;
    const times = this.data?.columns[0];
    if (!chart || !times || times.length === 0) return;
    const clamped = Math.max(0, Math.min(times.length - 1, index));
    chart.setCursor({ left: chart.valToPos(times[clamped]!, 'x'), top: chart.bbox.height / devicePixelRatio / 3 });
  }

  hideCursor(): void {
    this.chart?.setCursor({ left: -10, top: -10 });
  }

  private readonly onScheme = (): void => this.hooks.onScheme();

  private onResize(entries: ResizeObserverEntry[]): void {
    const entry = entries.at(-1);
    if (!entry) return;
    const box = entry.contentBoxSize?.[0];
    const width = Math.floor(box ? box.inlineSize : entry.contentRect.width);
    const height = Math.floor(box ? box.blockSize : entry.contentRect.height);
    if (width === this.width && height === this.height) return;
    this.width = width;
    this.height = height;
    if (this.chart && width >= 40 && height >= 40) this.chart.setSize({ width, height });
    else this.draw();
  }

  private destroy(): void {
    this.chart?.destroy();
    this.chart = null;
    this.builtLook = null;
  }

  /** Puts the data on the chart: in place when the chart fits them, else on a new chart. */
  private draw(): void {
    const { data, lookOf, observed } = this;
    if (!data || !lookOf || !observed || this.width < 40 || this.height < 40) return;
    const look = lookOf();
    this.look = look;
    const fits = this.chart && this.names.length === data.names.length && this.builtLook && sameFrame(this.builtLook, look);
    this.names = data.names;
    if (fits) {
      this.chart!.setData(data.columns as uPlot.AlignedData);
      return;
    }
    this.destroy();
    this.builtLook = look;
    this.chart = new uPlot(this.options(data, look), data.columns as uPlot.AlignedData, observed);
  }

  /** The colour of the series at a uPlot index (1-based: 0 is the time), with the current look. */
  private seriesColour(seriesIndex: number): string {
    const look = this.look!;
    const name = this.names[seriesIndex - 1] ?? '';
    const colour = look.colour(name);
    return look.dimmed(name) ? fade(colour, look.background) : colour;
  }

  private options(data: StackedData, look: ChartLook): uPlot.Options {
    const font = `${look.fontSize}px ${look.font}`;
    const axis = (extra: Partial<uPlot.Axis>): uPlot.Axis => ({
      stroke: look.axis,
      font,
      grid: { stroke: look.grid, width: 1 },
      ticks: { stroke: look.grid, width: 1, size: 4 },
      ...extra,
    });
    const colour = (_chart: uPlot, seriesIndex: number) => this.seriesColour(seriesIndex);
    return {
      width: this.width,
      height: this.height,
      legend: { show: false },
      padding: [8, 24, 0, 0],
      cursor: {
        points: { show: false },
        drag: { x: false, y: false, setScale: false },
        y: false,
      },
      scales: {
        x: { time: true },
        y: { range: (_chart, _min, max) => [0, niceMax(Math.max(max, look.capacity ?? 0, 1))] },
      },
      axes: [
        axis({ space: look.fontSize * 6, size: look.fontSize * 2.6, values: (_chart, ticks, _axis, _space, increment) => ticks.map((tick) => timeTick(tick, increment)) }),
        axis({ size: look.fontSize * 4, space: look.fontSize * 2.2, values: (_chart, ticks) => ticks.map((tick) => formatCompact(tick)) }),
      ],
      series: [
        {},
        ...data.names.map(
          (name): uPlot.Series => ({
            label: name,
            points: { show: false },
            width: 1,
            stroke: colour,
            fill: colour,
            spanGaps: false,
          }),
        ),
      ],
      hooks: {
        setCursor: [(chart) => this.hooks.onCursor(chart.cursor.idx ?? null)],
        draw: [(chart) => drawCapacity(chart, look)],
      },
    };
  }
}

const hourMinute = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayMonth = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const weekday = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric' });

/** A time axis label in the reader's locale: clock times within a day, dates beyond. */
function timeTick(seconds: number, increment: number): string {
  const date = new Date(seconds * 1000);
  if (increment < 86_400) return hourMinute.format(date);
  return increment < 7 * 86_400 ? weekday.format(date) : dayMonth.format(date);
}

/** The scale's top: a little above the data, on a round number. */
function niceMax(value: number): number {
  const padded = value * 1.08;
  const magnitude = 10 ** Math.floor(Math.log10(padded));
  const steps = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];
  return (steps.find((step) => step * magnitude >= padded) ?? 10) * magnitude;
}

/** A faded colour that stays opaque (overpainting needs opaque fills): most of the way to the background. */
function fade(colour: string, background: string): string {
  return mixColours(colour, background, 0.75);
}

function drawCapacity(chart: uPlot, look: ChartLook): void {
  if (look.capacity === null || look.capacity <= 0) return;
  const y = Math.round(chart.valToPos(look.capacity, 'y', true)) + 0.5;
  const { left, width } = chart.bbox;
  const context = chart.ctx;
  context.save();
  context.strokeStyle = look.capacityColour;
  context.lineWidth = Math.max(1, devicePixelRatio);
  context.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
  context.beginPath();
  context.moveTo(left, y);
  context.lineTo(left + width, y);
  context.stroke();
  context.restore();
}
