/**
 * The socket side of one gateway: a WebSocket that reconnects with backoff and resyncs from what
 * the session holds, a status for widgets, and bad frames counted and answered with a reset.
 * Everything a frame means is gateway-session.ts; this file only moves bytes and keeps time.
 */
import type { ConnectionState, ConnectionStatus } from './api.ts';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.ts';
import type { GatewaySession } from './gateway-session.ts';
import { encodeMessage, FrameDecoder } from '../protocol/frame.ts';
import { toWorkerError, WorkerFailure } from './worker-error.ts';

export interface ConnectionOptions {
  backoff: BackoffOptions;
  /** A gateway that does not welcome the hello within this is treated as gone. */
  helloTimeoutMs: number;
  /** With clusters followed, a connection silent this long is reset (a half-open TCP connection
   * after a network change shows no close for minutes; the gateway sends each poll's changes). */
  silenceMs: number;
  /** Hellos for subscription changes are gathered over this long (a dashboard subscribes ten
   * rows in one go). */
  helloDebounceMs: number;
  createSocket: (url: string) => WebSocket;
  random: () => number;
  now: () => number;
  isOnline: () => boolean;
}

export const DEFAULT_CONNECTION_OPTIONS: ConnectionOptions = {
  backoff: DEFAULT_BACKOFF,
  helloTimeoutMs: 15_000,
  silenceMs: 300_000,
  helloDebounceMs: 20,
  createSocket: (url) => new WebSocket(url),
  random: Math.random,
  now: Date.now,
  isOnline: () => (typeof navigator === 'undefined' ? true : navigator.onLine !== false),
};

/** Close code the worker uses when it drops a connection on purpose (bad frame, silence). */
const CLOSE_RESYNC = 4000;

type Timer = ReturnType<typeof setTimeout>;

export class GatewayConnection {
  private socket: WebSocket | null = null;
  private decoder = new FrameDecoder();
  private token: string | null = null;
  private welcomed = false;
  /** Set when the gateway refused the token: no retry until `connect` brings a token again. */
  private refused = false;
  private closed = false;
  private reconnectTimer: Timer | null = null;
  private helloTimer: Timer | null = null;
  private silenceTimer: Timer | null = null;
  private helloDebounce: Timer | null = null;
  private readonly watchers = new Map<string, (status: ConnectionStatus) => unknown>();
  readonly status: ConnectionStatus;
  /** Sockets opened since the worker started (for logs and tests). */
  opened = 0;

  constructor(
    readonly url: string,
    readonly session: GatewaySession,
    private readonly options: ConnectionOptions = DEFAULT_CONNECTION_OPTIONS,
  ) {
    this.status = {
      gateway: url,
      state: 'connecting',
      since: options.now(),
      attempts: 0,
      badFrames: 0,
      lastError: null,
      // Restored clusters until the welcome: a reloaded page lists its rows before any socket opens.
      clusters: [...session.clusterInfos],
    };
  }

  snapshotStatus(): ConnectionStatus {
    return { ...this.status, clusters: [...this.status.clusters] };
  }

  /** Opens the socket if it is not open or opening. A different token reconnects with it. */
  start(token: string | null): void {
    const tokenChanged = token !== this.token && token !== null;
    if (token !== null || this.token === null) this.token = token;
    if (this.refused && !tokenChanged) return;
    this.refused = false;
    if (tokenChanged && this.socket) {
      this.drop();
      this.open();
      return;
    }
    if (!this.socket && !this.reconnectTimer) this.open();
  }

  watch(id: string, onStatus: (status: ConnectionStatus) => unknown): void {
    this.watchers.set(id, onStatus);
    this.tell(id, onStatus);
  }

  unwatch(id: string): boolean {
    return this.watchers.delete(id);
  }

  hasWatcher(id: string): boolean {
    return this.watchers.has(id);
  }

  /** Followed clusters or levels changed: say hello again (gathered, see helloDebounceMs). */
  subscriptionsChanged(): void {
    if (!this.socket || this.helloDebounce) return;
    this.helloDebounce = setTimeout(() => {
      this.helloDebounce = null;
      this.sendHello();
    }, this.options.helloDebounceMs);
  }

  networkOffline(): void {
    if (this.closed) return;
    this.drop();
    this.clearTimer('reconnectTimer');
    this.setState('offline');
    this.emit();
  }

  networkOnline(): void {
    if (this.closed || this.refused) return;
    if (this.status.state === 'offline' || this.reconnectTimer) {
      this.clearTimer('reconnectTimer');
      this.status.attempts = 0;
      this.open();
    }
  }

  close(): void {
    this.closed = true;
    this.clearTimer('reconnectTimer');
    this.drop();
    this.watchers.clear();
  }

  private open(): void {
    if (this.closed) return;
    this.clearTimer('reconnectTimer');
    if (!this.options.isOnline()) {
      this.setState('offline');
      this.emit();
      return;
    }
    this.setState(this.status.attempts === 0 && this.opened === 0 ? 'connecting' : 'reconnecting');
    this.emit();
    let socket: WebSocket;
    try {
      socket = this.options.createSocket(this.url);
    } catch (error) {
      this.status.lastError = toWorkerError(error);
      this.scheduleReconnect();
      return;
    }
    this.opened += 1;
    this.socket = socket;
    this.welcomed = false;
    this.decoder = new FrameDecoder();
    socket.binaryType = 'arraybuffer';
    let wasOpen = false;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      wasOpen = true;
      this.sendHello();
      this.helloTimer = setTimeout(() => {
        if (this.socket === socket && !this.welcomed) this.reset(new WorkerFailure('gateway-silent', 'no welcome after the hello'));
      }, this.options.helloTimeoutMs);
    };
    socket.onmessage = (event) => {
      if (this.socket === socket) this.onFrame(event.data);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      // A socket that never opened: the browser does not say why (gateway down, a proxy in the
      // way, or the gateway refusing this page's origin), but it is not a lost connection.
      if (!this.refused) {
        this.status.lastError = wasOpen
          ? { code: 'connection-lost', message: `the gateway closed the connection (${event.code})` }
          : { code: 'gateway-unreachable', message: `no WebSocket to ${this.url} could be opened: the gateway is down or not reachable, or it does not allow this page's origin` };
      }
      this.lost();
    };
    socket.onerror = () => {
      // A close event always follows; it does the work.
    };
  }

  private sendHello(): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    socket.send(encodeMessage(this.session.hello(this.token)) as Uint8Array<ArrayBuffer>);
    this.armSilence();
  }

  private onFrame(data: unknown): void {
    this.armSilence();
    try {
      if (!(data instanceof ArrayBuffer)) throw new WorkerFailure('unexpected-message', 'a text frame; the protocol is binary');
      const { message } = this.decoder.decode(new Uint8Array(data));
      const result = this.session.receive(message);
      switch (result.kind) {
        case 'welcome':
          this.welcomed = true;
          this.clearTimer('helloTimer');
          this.status.clusters = [...this.session.clusterInfos];
          this.status.attempts = 0;
          this.setState('live');
          this.emit();
          return;
        case 'resubscribe':
          this.welcomed = true;
          this.clearTimer('helloTimer');
          this.status.clusters = [...this.session.clusterInfos];
          this.sendHello();
          return;
        case 'error':
          this.status.lastError = { code: result.code, message: result.message };
          if (result.code === 'unauthorized' || result.code === 'forbidden') {
            this.refused = true;
            this.drop();
            this.setState('offline');
          }
          this.emit();
          return;
        case 'applied':
          return;
      }
    } catch (error) {
      this.status.badFrames += 1;
      this.reset(error);
    }
  }

  /** Drops the connection after a failure and reconnects; the hello resyncs what is held. */
  private reset(error: unknown): void {
    this.status.lastError = toWorkerError(error);
    const socket = this.socket;
    this.socket = null;
    try {
      socket?.close(CLOSE_RESYNC, 'resync');
    } catch {
      // Already closing.
    }
    this.lost();
  }

  private lost(): void {
    this.socket = null;
    this.welcomed = false;
    this.clearTimer('helloTimer');
    this.clearTimer('silenceTimer');
    this.clearTimer('helloDebounce');
    this.session.connectionLost();
    if (this.closed) return;
    if (this.refused) {
      this.setState('offline');
      this.emit();
      return;
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (!this.options.isOnline()) {
      this.setState('offline');
      this.emit();
      return;
    }
    this.status.attempts += 1;
    this.setState('reconnecting');
    this.emit();
    const delay = backoffDelay(this.status.attempts, this.options.random, this.options.backoff);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.open();
    }, delay);
  }

  private drop(): void {
    const socket = this.socket;
    this.socket = null;
    this.welcomed = false;
    this.clearTimer('helloTimer');
    this.clearTimer('silenceTimer');
    this.clearTimer('helloDebounce');
    this.session.connectionLost();
    try {
      socket?.close(1000, 'closing');
    } catch {
      // Already closing.
    }
  }

  private armSilence(): void {
    this.clearTimer('silenceTimer');
    if (this.session.followed().size === 0) return;
    const socket = this.socket;
    this.silenceTimer = setTimeout(() => {
      if (this.socket === socket) this.reset(new WorkerFailure('gateway-silent', 'no frame from the gateway for too long'));
    }, this.options.silenceMs);
  }

  private clearTimer(name: 'reconnectTimer' | 'helloTimer' | 'silenceTimer' | 'helloDebounce'): void {
    const timer = this[name];
    if (timer !== null) clearTimeout(timer);
    this[name] = null;
  }

  private setState(state: ConnectionState): void {
    if (this.status.state === state) return;
    this.status.state = state;
    this.status.since = this.options.now();
  }

  private tell(id: string, onStatus: (status: ConnectionStatus) => unknown): void {
    try {
      Promise.resolve(onStatus(this.snapshotStatus())).catch(() => this.watchers.delete(id));
    } catch {
      this.watchers.delete(id);
    }
  }

  private emit(): void {
    for (const [id, onStatus] of this.watchers) this.tell(id, onStatus);
  }
}
