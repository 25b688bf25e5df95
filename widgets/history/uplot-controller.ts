/**
 * Owns a uPlot chart inside an element's shadow root: creates it when there is data and a size,
 * feeds it new data, follows the container's size (ResizeObserver) and the system's colour
 * scheme, and destroys it when the element leaves the page. uPlot draws on canvas, so colours
 * are resolved from the element's custom properties at draw time.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import uPlot from 'uplot';
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
}

export class UplotController implements ReactiveController {
  private chart: uPlot | null = null;
  private names: string[] = [];
  private data: StackedData | null = null;
  private look: ChartLook | null = null;
  private observer: ResizeObserver | null = null;
  private observed: HTMLElement | null = null;
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
    this.observer = new ResizeObserver(() => this.resize());
    this.scheme.addEventListener('change', this.onScheme);
  }

  hostUpdated(): void {
    const target = this.target();
    if (target && target !== this.observed) {
      this.observer?.disconnect();
      this.observer?.observe(target);
      this.observed = target;
      this.rebuild();
    }
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observer = null;
    this.observed = null;
    this.scheme.removeEventListener('change', this.onScheme);
    this.destroy();
  }

  /** New data or look. Same series: data swapped in place of the old; else the chart is rebuilt. */
  show(data: StackedData | null, look: ChartLook): void {
    const sameSeries = data !== null && sameNames(data.names, this.names);
    this.data = data;
    this.look = look;
    if (this.chart && sameSeries && data) {
      this.chart.setData(data.columns as uPlot.AlignedData);
      return;
    }
    this.rebuild();
  }

  /** Redraws with the current look (after a highlight or theme change). */
  restyle(look: ChartLook): void {
    this.look = look;
    if (this.chart) this.rebuild();
  }

  /** Moves the cursor to a data index, as a pointer would (keyboard access). */
  moveCursor(index: number): void {
    const chart = this.chart;
    const times = this.data?.columns[0];
    if (!chart || !times || times.length === 0) return;
    const clamped = Math.max(0, Math.min(times.length - 1, index));
    chart.setCursor({ left: chart.valToPos(times[clamped]!, 'x'), top: chart.over.clientHeight / 3 });
  }

  hideCursor(): void {
    this.chart?.setCursor({ left: -10, top: -10 });
  }

  private readonly onScheme = (): void => this.host.requestUpdate();

  private size(): { width: number; height: number } {
    const target = this.observed;
    return { width: Math.floor(target?.clientWidth ?? 0), height: Math.floor(target?.clientHeight ?? 0) };
  }

  private resize(): void {
    const { width, height } = this.size();
    if (width < 40 || height < 40) return;
    if (!this.chart) this.rebuild();
    else if (width !== this.chart.width || height !== this.chart.height) this.chart.setSize({ width, height });
  }

  private destroy(): void {
    this.chart?.destroy();
    this.chart = null;
    this.names = [];
  }

  private rebuild(): void {
    this.destroy();
    const target = this.observed;
    const { width, height } = this.size();
    if (!target || !this.data || !this.look || width < 40 || height < 40) return;
    this.names = this.data.names;
    this.chart = new uPlot(this.options(this.data, this.look, width, height), this.data.columns as uPlot.AlignedData, target);
  }

  private options(data: StackedData, look: ChartLook, width: number, height: number): uPlot.Options {
    const font = `${look.fontSize}px ${look.font}`;
    const axis = (extra: Partial<uPlot.Axis>): uPlot.Axis => ({
      stroke: look.axis,
      font,
      grid: { stroke: look.grid, width: 1 },
      ticks: { stroke: look.grid, width: 1, size: 4 },
      ...extra,
    });
    return {
      width,
      height,
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
            stroke: () => (look.dimmed(name) ? fade(look.colour(name), look.background) : look.colour(name)),
            fill: () => (look.dimmed(name) ? fade(look.colour(name), look.background) : look.colour(name)),
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

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, index) => name === b[index]);
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
