/**
 * Errors the worker hands to pages: data `{ code, message }` across comlink (STYLE.md §8), an
 * `Error` subclass with a `code` inside the worker. Codes are stable; tests branch on them.
 */
import type { WorkerError } from './api.ts';

export type WorkerErrorCode =
  /** A series query asks for something that cannot be answered (bad range, step, metric). */
  | 'bad-query'
  /** The gateway refused the token (its `error` frame said `unauthorized`). */
  | 'unauthorized'
  /** The gateway sent a message a client never expects (a hello, an agent request). */
  | 'unexpected-message'
  /** The socket closed after it had opened; the worker reconnects. */
  | 'connection-lost'
  /** No socket could be opened (gateway down or unreachable, or this page's origin not allowed); the worker retries. */
  | 'gateway-unreachable'
  /** The gateway did not answer the hello in time, or went silent while clusters were followed. */
  | 'gateway-silent'
  /** The saved history could not be read or written. */
  | 'storage-failed'
  | 'unknown-subscription';

export class WorkerFailure extends Error {
  override name = 'WorkerFailure';
  constructor(
    readonly code: WorkerErrorCode | string,
    message: string,
  ) {
    super(message);
  }
}

/** The data form of any thrown value: a ProtocolError or WorkerFailure keeps its code. */
export function toWorkerError(error: unknown): WorkerError {
  if (error && typeof error === 'object' && 'code' in error && typeof (error as { code: unknown }).code === 'string') {
    return { code: (error as { code: string }).code, message: String((error as { message?: unknown }).message ?? '') };
  }
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
