/**
 * The one way elements tell the page something: a `webstat-*` CustomEvent that bubbles out of
 * shadow roots (composed), with a typed detail. Pages listen on the element or on any ancestor.
 */
import type { MetricName, RangeName } from './data/ranges.ts';

export interface WebstatEventMap {
  /** A user or group was chosen (legend entry or slice activated); null clears the choice. */
  'webstat-highlight': { dimension: 'user' | 'group'; name: string | null };
  /** The dashboard's controls changed the range or the metric. */
  'webstat-controls': { range: RangeName; metric: MetricName };
  /** A row has drawn its first data: status, figures and pies (pages and benchmarks wait for this). */
  'webstat-ready': { cluster: string };
  /** A row's history chart has drawn its first data (it may come after the rest of the row). */
  'webstat-chart-ready': { cluster: string };
  /** Something failed that the element shows; the detail is the error as data. */
  'webstat-error': { code: string; message: string };
}

export function emit<K extends keyof WebstatEventMap>(target: EventTarget, name: K, detail: WebstatEventMap[K]): boolean {
  return target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable: false }));
}

declare global {
  interface HTMLElementEventMap {
    'webstat-highlight': CustomEvent<WebstatEventMap['webstat-highlight']>;
    'webstat-controls': CustomEvent<WebstatEventMap['webstat-controls']>;
    'webstat-ready': CustomEvent<WebstatEventMap['webstat-ready']>;
    'webstat-chart-ready': CustomEvent<WebstatEventMap['webstat-chart-ready']>;
    'webstat-error': CustomEvent<WebstatEventMap['webstat-error']>;
  }
}
