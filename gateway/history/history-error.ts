/** Refusals of the history store, as codes. */
export type HistoryErrorCode = 'history-schema-newer' | 'history-seq-regressed' | 'history-snapshot-unreadable';

export class HistoryError extends Error {
  override name = 'HistoryError';
  constructor(
    readonly code: HistoryErrorCode,
    message: string,
  ) {
    super(message);
  }
}
