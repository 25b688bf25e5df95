/**
 * One SSH tunnel to a login node: a local port on 127.0.0.1 whose connections are forwarded
 * (`forwardOut`, a "direct-tcpip" channel) to the agent's port on the login node's loopback, so a
 * ZeroMQ socket simply connects to `tcp://127.0.0.1:<localPort>`.
 *
 * The local port is opened once and kept across reconnects (the ZeroMQ endpoint never changes);
 * while SSH is down, local connections are closed at once and ZeroMQ retries by itself. The SSH
 * connection is kept alive with keepalives and re-made after any loss, with capped exponential
 * backoff and full jitter.
 */
import { EventEmitter } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import ssh2, { type Client, type ClientChannel } from 'ssh2';
import { Backoff, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.ts';
import { classifySshError, sshAttempt, type SshEndpoint } from './ssh-connect-config.ts';
import { TunnelError, type TunnelErrorCode } from './tunnel-error.ts';

export interface SshTunnelOptions extends SshEndpoint {
  /** The agent's port on the login node's loopback. */
  remotePort: number;
  /** ssh-agent socket when there is no identity file; default $SSH_AUTH_SOCK. */
  agentSocket?: string;
  backoff?: BackoffOptions;
  /** A connection that held this long resets the backoff. */
  stableMs?: number;
  readyTimeoutMs?: number;
  /** Unanswered keepalives before the connection counts as lost. */
  keepaliveCountMax?: number;
}

export interface TunnelState {
  connected: boolean;
  /** Why the tunnel is down (or why the last forward failed), else null. */
  code: TunnelErrorCode | null;
  message: string | null;
  /** Epoch milliseconds of the last change. */
  since: number;
  /** While down: milliseconds until the next attempt, else null. */
  retryInMs: number | null;
}

export class SshTunnel extends EventEmitter<{ state: [TunnelState] }> {
  private readonly options: Required<Omit<SshTunnelOptions, 'agentSocket' | 'identityFile'>> &
    Pick<SshTunnelOptions, 'agentSocket' | 'identityFile'>;
  private readonly backoff: Backoff;
  private server: Server | null = null;
  private client: Client | null = null;
  private readonly sockets = new Set<Socket>();
  private retryTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private current: TunnelState = { connected: false, code: null, message: 'connecting', since: Date.now(), retryInMs: null };

  constructor(options: SshTunnelOptions) {
    super();
    this.options = {
      backoff: DEFAULT_BACKOFF,
      stableMs: 30_000,
      readyTimeoutMs: 20_000,
      keepaliveCountMax: 3,
      ...options,
      agentSocket: options.agentSocket ?? process.env.SSH_AUTH_SOCK,
    };
    this.backoff = new Backoff(this.options.backoff);
  }

  get state(): TunnelState {
    return this.current;
  }

  /** The forwarded local port (after `start`). */
  get localPort(): number {
    const address = this.server?.address();
    if (!address || typeof address === 'string') throw new Error('tunnel not started');
    return address.port;
  }

  /** The ZeroMQ endpoint that reaches the agent through this tunnel. */
  get url(): string {
    return `tcp://127.0.0.1:${this.localPort}`;
  }

  /** Opens the local port and starts connecting; resolves once the port is open (not connected). */
  async start(): Promise<void> {
    const server = createServer((socket) => this.forward(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.connect();
  }

  /** Resolves once connected; rejects with the tunnel's last error after `timeoutMs`. */
  waitConnected(timeoutMs: number): Promise<void> {
    if (this.current.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('state', onState);
        const { code, message } = this.current;
        reject(new TunnelError(code ?? 'ssh-timeout', message ?? 'not connected in time'));
      }, timeoutMs);
      const onState = (state: TunnelState) => {
        if (!state.connected) return;
        clearTimeout(timer);
        this.off('state', onState);
        resolve();
      };
      this.on('state', onState);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    for (const socket of this.sockets) socket.destroy();
    this.client?.end();
    this.client?.destroy();
    this.client = null;
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private setState(connected: boolean, error: TunnelError | null, retryInMs: number | null = null): void {
    this.current = { connected, code: error?.code ?? null, message: error?.message ?? null, since: Date.now(), retryInMs };
    this.emit('state', this.current);
  }

  private connect(): void {
    if (this.stopped) return;
    let attempt;
    try {
      attempt = sshAttempt(this.options, {
        agentSocket: this.options.agentSocket,
        readyTimeoutMs: this.options.readyTimeoutMs,
        keepaliveCountMax: this.options.keepaliveCountMax,
      });
    } catch (error) {
      this.retry(error as TunnelError);
      return;
    }

    const client = new ssh2.Client();
    this.client = client;
    let failure: TunnelError | null = null;
    let readyAt: number | null = null;
    client.on('ready', () => {
      readyAt = Date.now();
      this.setState(true, null);
    });
    client.on('error', (error) => {
      failure ??= classifySshError(error, attempt.verdict(), this.options);
    });
    client.on('close', () => {
      if (this.client !== client) return;
      this.client = null;
      for (const socket of this.sockets) socket.destroy();
      if (readyAt !== null && Date.now() - readyAt >= this.options.stableMs) this.backoff.reset();
      this.retry(failure ?? new TunnelError('ssh-closed', `${this.options.host}:${this.options.port} closed the connection`));
    });
    try {
      client.connect(attempt.config);
    } catch (error) {
      // ssh2 throws at once on a key it cannot parse (an encrypted key without an agent, say).
      this.client = null;
      this.retry(new TunnelError('identity-unreadable', `${this.options.identityFile}: ${(error as Error).message}`));
    }
  }

  private retry(error: TunnelError): void {
    if (this.stopped) return;
    const delay = this.backoff.next();
    this.setState(false, error, delay);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  private forward(socket: Socket): void {
    const client = this.client;
    if (!client || !this.current.connected || this.stopped) {
      socket.destroy();
      return;
    }
    // Hold incoming bytes until the channel is open.
    socket.pause();
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const opened = (error: Error | undefined, channel: ClientChannel | undefined) => {
      if (error || !channel || socket.destroyed) {
        socket.destroy();
        channel?.close();
        if (error && this.client === client) {
          // The SSH connection is fine but the agent's port is not: say so until a forward works.
          this.setState(
            true,
            new TunnelError('forward-failed', `${this.options.host}: cannot reach 127.0.0.1:${this.options.remotePort} there (${error.message})`),
          );
        }
        return;
      }
      if (this.current.code === 'forward-failed') this.setState(true, null);
      socket.pipe(channel).pipe(socket);
      channel.on('close', () => socket.destroy());
      channel.on('error', () => socket.destroy());
      socket.on('close', () => channel.close());
      socket.resume();
    };
    try {
      client.forwardOut('127.0.0.1', socket.remotePort ?? 0, '127.0.0.1', this.options.remotePort, opened);
    } catch {
      // ssh2 throws "Not connected" when the connection dropped and its close is not out yet.
      socket.destroy();
    }
  }
}
