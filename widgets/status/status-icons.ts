/** Small line icons, one distinct shape per status, so the status reads without colour. */
import { svg, type SVGTemplateResult } from 'lit';
import type { StatusIcon } from './status-text.ts';

export const STATUS_ICONS: Record<StatusIcon, SVGTemplateResult> = {
  check: svg`<circle cx="8" cy="8" r="6.5"></circle><path d="M5 8.2l2 2 4-4.4"></path>`,
  spinner: svg`<path class="spin" d="M8 1.5a6.5 6.5 0 1 1-6.5 6.5"></path>`,
  clock: svg`<circle cx="8" cy="8" r="6.5"></circle><path d="M8 4.2V8l2.6 1.6"></path>`,
  warning: svg`<path d="M8 1.8l6.6 11.7H1.4z"></path><path d="M8 6.2v3.4M8 11.4v.3"></path>`,
  cross: svg`<circle cx="8" cy="8" r="6.5"></circle><path d="M5.6 5.6l4.8 4.8M10.4 5.6l-4.8 4.8"></path>`,
  unplugged: svg`<circle cx="8" cy="8" r="6.5"></circle><path d="M3.4 12.6l9.2-9.2"></path>`,
};
