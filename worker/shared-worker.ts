/**
 * The worker's entry. As a SharedWorker it serves every tab of the origin, one comlink endpoint
 * per connecting port; as a dedicated Worker (where SharedWorker is missing) it serves its one
 * page through its own global scope. Either way one hub holds the sockets and the history.
 */
import * as Comlink from 'comlink';
import { installErrorTransfer } from './comlink-errors.ts';
import { createPortApi } from './port-api.ts';
import { defaultHubOptions, WorkerHub } from './worker-hub.ts';

/** The parts of a worker's global scope used here (the project's types are DOM, not WebWorker). */
interface WorkerScope {
  name: string;
  location: Location;
  navigator: Navigator & { locks?: LockManager };
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
}
const scope = globalThis as unknown as WorkerScope;

installErrorTransfer();
const hub = new WorkerHub(defaultHubOptions(scope.name || 'webstat', scope.location.origin));
const locks = scope.navigator.locks;
let ports = 0;

scope.addEventListener('online', () => hub.networkOnline());
scope.addEventListener('offline', () => hub.networkOffline());

if ('onconnect' in scope) {
  scope.addEventListener('connect', (event) => {
    const port = event.ports[0]!;
    Comlink.expose(createPortApi(hub, `port-${++ports}`, locks), port);
  });
} else {
  Comlink.expose(createPortApi(hub, 'page', locks), globalThis as unknown as Comlink.Endpoint);
}
