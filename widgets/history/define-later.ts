/**
 * Defines `<webstat-history>` from a chunk of its own, which holds uPlot too: the largest part of
 * the widgets, and not needed for a row's first paint (its figures and pies). A row starts the
 * load as soon as it is on the page, so the chart is usually there before its history is; until
 * then the row's `<webstat-history>` is an element waiting for its definition, and the data it was
 * given is taken over when it is upgraded.
 */
import type { WebstatHistory } from './history.ts';

let defining: Promise<typeof WebstatHistory> | null = null;

export function defineHistoryLater(): Promise<typeof WebstatHistory> {
  defining ??= import('./define.ts').then(
    (module) => module.WebstatHistory,
    (error: unknown) => {
      defining = null; // a chunk that failed to load (network) is tried again by the next row
      throw error;
    },
  );
  return defining;
}
