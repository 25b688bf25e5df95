/** Opens worker-page.html in an iframe and talks to it (see worker-page.ts). */
import type { ClusterChange } from '../api.ts';

export interface TestPage {
  call<T>(op: string, ...args: unknown[]): Promise<T>;
  changes: ClusterChange[];
  remove(): void;
}

export async function openTestPage(name: string, options: { dedicated?: boolean; silent?: boolean } = {}): Promise<TestPage> {
  const frame = document.createElement('iframe');
  frame.src = new URL(`./worker-page.html?name=${encodeURIComponent(name)}&dedicated=${options.dedicated ?? false}&silent=${options.silent ?? false}`, import.meta.url).href;
  const changes: ClusterChange[] = [];
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  const ready = new Promise<void>((resolve) => {
    const onMessage = (event: MessageEvent) => {
      if (event.source !== frame.contentWindow) return;
      const data = event.data as { ready?: boolean; change?: ClusterChange; id?: number; result?: unknown; error?: string };
      if (data.ready) resolve();
      else if (data.change) changes.push(data.change);
      else if (data.id !== undefined) {
        const waiter = waiting.get(data.id);
        waiting.delete(data.id);
        if (data.error !== undefined) waiter?.reject(new Error(data.error));
        else waiter?.resolve(data.result);
      }
    };
    addEventListener('message', onMessage);
  });
  document.body.append(frame);
  await ready;
  return {
    changes,
    call<T>(op: string, ...args: unknown[]): Promise<T> {
      const id = ++nextId;
      return new Promise<T>((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
        frame.contentWindow!.postMessage({ id, op, args }, '*');
      });
    },
    remove: () => frame.remove(),
  };
}
