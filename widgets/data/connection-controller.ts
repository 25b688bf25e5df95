/**
 * Follows the state of the page's connection to one gateway (connecting, live, reconnecting,
 * offline; the clusters it may see). Connects when the host is connected and has a gateway, lets
 * go when it leaves the page; changing the gateway or token starts over.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ConnectionStatus, WorkerError } from '../../worker/api.ts';
import { toWidgetError } from './widget-error.ts';
import { workerApi, workerCallback } from './worker-api.ts';

export interface GatewaySource {
  gateway: string;
  token: string | null;
}

export class ConnectionController implements ReactiveController {
  status: ConnectionStatus | null = null;
  error: WorkerError | null = null;

  private source: GatewaySource | null = null;
  private connected = false;
  private generation = 0;
  private watchId: Promise<string | null> | null = null;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** What to follow; the same source again changes nothing. Call from the host's willUpdate. */
  follow(source: GatewaySource | null): void {
    if (source?.gateway === this.source?.gateway && source?.token === this.source?.token) return;
    this.source = source;
    this.restart();
  }

  hostConnected(): void {
    this.connected = true;
    this.restart();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.stop();
  }

  private restart(): void {
    this.stop();
    if (this.connected && this.source) void this.start(this.source, this.generation);
  }

  private stop(): void {
    this.generation += 1;
    const watch = this.watchId;
    this.watchId = null;
    if (watch) void watch.then((id) => (id ? workerApi().unwatchConnection(id) : undefined)).catch(() => {});
  }

  private async start(source: GatewaySource, generation: number): Promise<void> {
    const current = () => generation === this.generation;
    try {
      // Inside the try: starting the worker can fail too (a page that may not start it).
      const api = workerApi();
      const status = await api.connect(source.gateway, source.token);
      if (!current()) return;
      this.status = status;
      this.error = null;
      this.host.requestUpdate();
      this.watchId = api.watchConnection(
        source.gateway,
        workerCallback((next: ConnectionStatus) => {
          if (!current()) return;
          this.status = next;
          this.host.requestUpdate();
        }),
      );
      await this.watchId;
    } catch (error) {
      if (!current()) return;
      this.error = toWidgetError(error);
      this.host.requestUpdate();
    }
  }
}
