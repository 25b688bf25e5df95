/**
 * Drives one cluster: reaches its agent (directly, or through an SSH tunnel), polls it every
 * `pollInterval` seconds with the tracker's requests, records each new state in the history store
 * (one transaction) and only then hands it to the ClusterFeed, so what browsers see is always
 * what a restart would resume from.
 */
import { performance } from 'node:perf_hooks';
import pino, { type Logger } from 'pino';
import { nodeInflate } from '../../protocol/deflate-node.ts';
import { decodeMessage, encodeMessage } from '../../protocol/frame.ts';
import type { Snapshot, Status } from '../../protocol/model.ts';
import type { ClusterFeed } from '../cluster-feed.ts';
import type { ClusterConfig } from '../config/config-types.ts';
import type { HistoryStore } from '../history/history-store.ts';
import { DEFAULT_BACKOFF } from '../tunnel/backoff.ts';
import { SshTunnel, type SshTunnelOptions } from '../tunnel/ssh-tunnel.ts';
import { AgentConnection } from './agent-connection.ts';
import { ClusterTracker, type TrackerStep } from './cluster-tracker.ts';

export interface ClusterPollerOptions {
  cluster: ClusterConfig;
  feed: ClusterFeed;
  store: HistoryStore;
  logger?: Logger;
  /** How long one request may wait; default half the poll interval, between 5 and 30 s. */
  requestTimeoutMs?: number;
  /** Epoch seconds; tests pass their own. */
  now?: () => number;
  /** Tunnel settings beyond the configuration (backoff, timeouts), for tests. */
  tunnel?: Partial<SshTunnelOptions>;
}

/** What /healthz and /metrics report of a cluster. */
export interface ClusterPollState {
  name: string;
  status: Status;
  /** The gateway's sequence of what is shown (0 before any data). */
  seq: number;
  /** Milliseconds the last poll took (all its requests), or null before the first. */
  lastPollMs: number | null;
  /** Epoch seconds of the last poll's end, or null. */
  lastPollAt: number | null;
}

export class ClusterPoller {
  private readonly cluster: ClusterConfig;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly tracker: ClusterTracker;
  private tunnel: SshTunnel | null = null;
  private connection: AgentConnection | null = null;
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private stopped = false;
  private lastPollMs: number | null = null;
  private lastPollAt: number | null = null;

  constructor(private readonly options: ClusterPollerOptions) {
    this.cluster = options.cluster;
    this.log = (options.logger ?? pino({ level: 'silent' })).child({ cluster: this.cluster.name });
    this.now = options.now ?? (() => Math.floor(Date.now() / 1000));
    this.tracker = new ClusterTracker(
      this.cluster.name,
      this.cluster.pollInterval,
      this.storedSnapshot(),
      options.store.seq(this.cluster.name),
      this.now(),
    );
  }

  get state(): ClusterPollState {
    return {
      name: this.cluster.name,
      status: this.tracker.status,
      seq: this.tracker.snapshot?.seq ?? 0,
      lastPollMs: this.lastPollMs,
      lastPollAt: this.lastPollAt,
    };
  }

  /** Opens the way to the agent and starts polling at once. The stored snapshot, if any, goes to
   * the feed first, so browsers have something to show before the first answer. */
  async start(): Promise<void> {
    const agent = this.cluster.agent;
    let url: string;
    if (agent.kind === 'ssh') {
      // Reconnect at least once per poll interval: a login node whose sshd is back is polled
      // again within two intervals (the jitter still spreads a gateway's many reconnects).
      const backoff = { ...DEFAULT_BACKOFF, maxMs: Math.min(DEFAULT_BACKOFF.maxMs, Math.max(DEFAULT_BACKOFF.initialMs, this.cluster.pollInterval * 1000)) };
      this.tunnel = new SshTunnel({ ...agent, backoff, ...this.options.tunnel });
      this.tunnel.on('state', (state) => {
        if (state.code) this.log.warn({ code: state.code, retryInMs: state.retryInMs }, state.message ?? 'tunnel down');
        else if (state.connected) {
          this.log.info('tunnel connected');
          // Do not leave the cluster unreachable for a whole interval once the way is open again.
          if (this.tracker.status.health === 'unreachable') this.pollSoon();
        }
      });
      await this.tunnel.start();
      url = this.tunnel.url;
    } else {
      url = agent.url;
    }
    const interval = this.cluster.pollInterval * 1000;
    this.connection = new AgentConnection(url, {
      timeoutMs: this.options.requestTimeoutMs ?? Math.min(30_000, Math.max(5000, interval / 2)),
    });

    const stored = this.tracker.snapshot;
    if (stored) {
      this.deliver(() => this.options.feed.snapshot(this.cluster.name, stored));
      if (this.tracker.status !== stored.status) this.publishStatus(this.tracker.status);
    }
    this.schedule(0);
  }

  /** Stops polling and closes the socket and the tunnel. A request in flight is abandoned (its
   * socket closed) rather than waited for, so a hung agent does not hold up a shutdown. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.connection?.close();
    await this.polling;
    await this.tunnel?.stop();
  }

  /** A snapshot this gateway cannot read (written by another version) is dropped, not fatal: the
   * sequence still continues from the store. */
  private storedSnapshot(): Snapshot | null {
    try {
      return this.options.store.lastSnapshot(this.cluster.name);
    } catch (error) {
      this.log.warn({ err: error }, 'the stored snapshot cannot be read; starting from the next answer');
      return null;
    }
  }

  private pollSoon(): void {
    if (this.polling || this.stopped || !this.connection) return;
    if (this.timer) clearTimeout(this.timer);
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      const started = performance.now();
      this.polling = this.poll().finally(() => {
        this.polling = null;
        // A fixed rate: the next poll is one interval after this one started.
        this.schedule(Math.max(0, this.cluster.pollInterval * 1000 - (performance.now() - started)));
      });
    }, delayMs);
  }

  private async poll(): Promise<void> {
    const started = performance.now();
    try {
      // hello → snapshot or delta → (snapshot again after a delta that did not apply): at most 3.
      for (let request = 0; request < 3 && !this.stopped; request++) {
        const step = await this.exchange();
        this.handle(step);
        if (!step.again) break;
      }
    } catch (error) {
      // A bug must not end the polling of this cluster: say so, and try again next interval.
      this.log.error({ err: error }, 'poll failed');
    }
    this.lastPollMs = performance.now() - started;
    this.lastPollAt = this.now();
  }

  private async exchange(): Promise<TrackerStep> {
    const tunnel = this.tunnel?.state;
    if (tunnel && !tunnel.connected) {
      // No SSH: no point waiting for a timeout; the tunnel says why.
      return this.tracker.onFailure(tunnel.code ?? 'ssh-connecting', tunnel.message ?? `connecting to ${this.cluster.name}`);
    }
    let bytes: Uint8Array;
    try {
      bytes = await this.connection!.request(encodeMessage(this.tracker.request()));
    } catch (error) {
      const now = this.tunnel?.state;
      if (now && (!now.connected || now.code)) {
        return this.tracker.onFailure(now.code ?? 'ssh-connecting', now.message ?? 'the tunnel went down');
      }
      const code = (error as { code?: string }).code ?? 'agent-error';
      return this.tracker.onFailure(code, (error as Error).message);
    }
    try {
      return this.tracker.onReply(decodeMessage(bytes, { inflate: nodeInflate }), this.now());
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'bad-reply';
      return this.tracker.onFailure(`agent-${code}`, `the agent's reply does not decode: ${(error as Error).message}`);
    }
  }

  private handle(step: TrackerStep): void {
    // A request abandoned by stop() fails; that is no news for browsers.
    if (this.stopped) return;
    if (step.snapshot) this.publishSnapshot(step.snapshot);
    if (step.status) this.publishStatus(step.status);
  }

  private publishSnapshot(snapshot: Snapshot): void {
    try {
      this.options.store.record(this.cluster.name, snapshot, this.tracker.sampleInterval);
    } catch (error) {
      // Not kept, so not shown: a sequence number browsers saw must survive a restart.
      this.log.error({ err: error, seq: snapshot.seq }, 'cannot record the new snapshot; it is not published');
      return;
    }
    const before = this.tracker.status;
    this.tracker.accepted(snapshot);
    if (before.health !== snapshot.status.health) this.log.info({ health: snapshot.status.health }, 'cluster status');
    this.deliver(() => this.options.feed.snapshot(this.cluster.name, snapshot));
  }

  private publishStatus(status: Status): void {
    this.log[status.health === 'ok' ? 'info' : 'warn']({ health: status.health, code: status.code }, status.message ?? 'cluster status');
    this.deliver(() => this.options.feed.status(this.cluster.name, status, this.now()));
  }

  private deliver(call: () => void): void {
    try {
      call();
    } catch (error) {
      this.log.error({ err: error }, 'the cluster feed threw');
    }
  }
}
