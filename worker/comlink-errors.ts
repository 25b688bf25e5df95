/**
 * Comlink's own handler for thrown values keeps an Error's message but drops its `code`; errors
 * are data with a code at every boundary (STYLE.md §8), so both ends wrap that handler: the page
 * gets an Error whose `code` is the worker's.
 */
import * as Comlink from 'comlink';

interface SerializedThrow {
  isError: boolean;
  value: { code?: unknown } & Record<string, unknown>;
}

let installed = false;

export function installErrorTransfer(): void {
  if (installed) return;
  const original = Comlink.transferHandlers.get('throw');
  if (!original) return;
  installed = true;
  Comlink.transferHandlers.set('throw', {
    canHandle: (value: unknown): value is unknown => original.canHandle(value),
    serialize(thrown: unknown): [unknown, Transferable[]] {
      const [serialized, transfer] = original.serialize(thrown) as [SerializedThrow, Transferable[]];
      const error = (thrown as { value?: unknown }).value;
      if (serialized.isError && error instanceof Error) {
        const code = (error as { code?: unknown }).code;
        serialized.value = { ...serialized.value, code: typeof code === 'string' ? code : 'internal' };
      }
      return [serialized, transfer];
    },
    deserialize(serialized: unknown): unknown {
      const code = (serialized as SerializedThrow).isError ? (serialized as SerializedThrow).value.code : undefined;
      try {
        return original.deserialize(serialized);
      } catch (error) {
        if (typeof code === 'string' && error instanceof Error) Object.assign(error, { code });
        throw error;
      }
    },
  });
}
