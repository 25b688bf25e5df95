/**
 * Errors as the elements hold and show them: `{ code, message }` data (STYLE.md §8). A failed
 * worker call rejects with an Error that carries the worker's `code` (worker/comlink-errors.ts);
 * anything else becomes `internal`.
 */
import type { WorkerError } from '../../worker/api.ts';

export function toWidgetError(error: unknown): WorkerError {
  if (error && typeof error === 'object' && 'code' in error && typeof (error as { code: unknown }).code === 'string') {
    return { code: (error as { code: string }).code, message: String((error as { message?: unknown }).message ?? '') };
  }
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
