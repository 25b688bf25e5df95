/**
 * A page of its own for the worker's tests (loaded in an iframe): it reaches the worker named in
 * `?name=` as any page of the site would, and does what the parent asks over postMessage
 * (`{ id, op, args }` → `{ id, result }` / `{ id, error }`); changes of its subscriptions are
 * posted as `{ change }`.
 */
import { connectWorker, flushWorker, proxy, workerDiagnostics } from '../connect-worker.ts';
import type { ClusterChange } from '../api.ts';

const params = new URLSearchParams(location.search);
// `?silent=true`: the page leaves without its goodbye (as a crashed or killed tab does), so only
// its Web Lock tells the worker it is gone. Registered first, this listener hides pagehide.
if (params.get('silent') === 'true') addEventListener('pagehide', (event) => event.stopImmediatePropagation());
const api = connectWorker({ name: params.get('name') ?? 'webstat', dedicated: params.get('dedicated') === 'true' });

type Op = 'connect' | 'subscribe' | 'cluster' | 'series' | 'flush' | 'diagnostics';

async function run(op: Op, args: unknown[]): Promise<unknown> {
  switch (op) {
    case 'connect':
      return api.connect(args[0] as string, null);
    case 'subscribe':
      return api.subscribe(args[0] as string, args[1] as string, 'jobs', proxy((change: ClusterChange) => parent.postMessage({ change }, '*')));
    case 'cluster':
      return api.cluster(args[0] as string, args[1] as string);
    case 'series':
      return api.series(args[0] as Parameters<typeof api.series>[0]);
    case 'flush':
      return flushWorker(api);
    case 'diagnostics':
      return workerDiagnostics(api);
  }
}

addEventListener('message', (event: MessageEvent<{ id: number; op: Op; args: unknown[] }>) => {
  const { id, op, args } = event.data;
  run(op, args).then(
    (result) => parent.postMessage({ id, result }, '*'),
    (error: unknown) => parent.postMessage({ id, error: String(error) }, '*'),
  );
});
parent.postMessage({ ready: true }, '*');
