/**
 * Prometheus metrics (`/metrics`), every series named `webstat_*`. Cluster figures are read from
 * the hub when Prometheus scrapes, so a poll costs nothing extra; traffic counters are counted as
 * frames go out. Only cluster totals appear here, never a user or group name: the endpoint shows
 * what the `summary` audience may see.
 */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { CLUSTER_HEALTH, JOB_STATES, NODE_STATES, type Status } from '../../protocol/model.ts';
import type { ClusterState } from '../fanout/cluster-hub.ts';
import type { SessionCounters } from '../ws/session-context.ts';

/** What the pollers know that the hub does not: their status before the first answer, and how
 * long the gateway's own polls take (structurally the pollers' ClusterPollState). */
export interface PollFigures {
  name: string;
  status?: Status;
  /** Milliseconds the last poll took (all its requests), or null before the first. */
  lastPollMs: number | null;
  /** Epoch seconds of the last poll's end, or null. */
  lastPollAt?: number | null;
}

export class GatewayMetrics implements SessionCounters {
  readonly registry = new Registry();
  /** Open WebSocket connections; the WebSocket route keeps it. */
  connectedClients = 0;
  private readonly framesSent: Counter;
  private readonly bytesSent: Counter;
  private readonly badFrames: Counter<'code'>;
  private readonly refused: Counter<'reason'>;

  constructor(clusters: () => readonly ClusterState[], polls: () => readonly PollFigures[]) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'webstat_' });

    const perCluster = <L extends string>(name: string, help: string, labelNames: L[], fill: (gauge: Gauge<L>) => void) =>
      new Gauge<L>({
        name,
        help,
        labelNames,
        registers,
        collect() {
          this.reset();
          fill(this);
        },
      });

    perCluster('webstat_cluster_status', 'Health of each cluster: 1 for its current status, 0 for the others.', ['cluster', 'status'], (g) => {
      const pollList = polls();
      for (const state of clusters()) {
        const current = (pollList.find((poll) => poll.name === state.name)?.status ?? state.status)?.health;
        for (const health of CLUSTER_HEALTH) g.set({ cluster: state.name, status: health }, current === health ? 1 : 0);
      }
    });
    perCluster('webstat_cluster_last_ok_timestamp_seconds', 'End of the last good collection, epoch seconds.', ['cluster'], (g) => {
      for (const state of clusters()) if (state.status?.lastOkAt != null) g.set({ cluster: state.name }, state.status.lastOkAt);
    });
    perCluster('webstat_cluster_seq', 'Sequence number of the latest snapshot.', ['cluster'], (g) => {
      for (const state of clusters()) if (state.snapshot) g.set({ cluster: state.name }, state.snapshot.seq);
    });
    perCluster('webstat_poll_duration_seconds', "Duration of the gateway's last poll of the cluster's agent (every request of it, tunnel included).", ['cluster'], (g) => {
      for (const poll of polls()) if (poll.lastPollMs !== null) g.set({ cluster: poll.name }, poll.lastPollMs / 1000);
    });
    perCluster('webstat_collection_duration_seconds', "Duration of the agent's last collection of the scheduler's output, as the agent reports it.", ['cluster'], (g) => {
      for (const state of clusters()) if (state.status?.durationMs != null) g.set({ cluster: state.name }, state.status.durationMs / 1000);
    });
    perCluster('webstat_cores', 'Cores by state: total, used (running jobs), unavailable (nodes down/offline), queued (asked by waiting jobs).', ['cluster', 'state'], (g) => {
      for (const { name, snapshot } of clusters()) {
        if (!snapshot) continue;
        const s = snapshot.summary;
        g.set({ cluster: name, state: 'total' }, s.coresTotal);
        g.set({ cluster: name, state: 'used' }, s.coresUsed);
        g.set({ cluster: name, state: 'unavailable' }, s.coresUnavailable);
        g.set({ cluster: name, state: 'queued' }, s.queues.reduce((sum, q) => sum + q.coresQueued, 0));
      }
    });
    perCluster('webstat_gpus', 'GPUs by state: total, used.', ['cluster', 'state'], (g) => {
      for (const { name, snapshot } of clusters()) {
        if (!snapshot) continue;
        g.set({ cluster: name, state: 'total' }, snapshot.summary.gpusTotal);
        g.set({ cluster: name, state: 'used' }, snapshot.summary.gpusUsed);
      }
    });
    perCluster('webstat_jobs', 'Jobs by state.', ['cluster', 'state'], (g) => {
      for (const { name, snapshot } of clusters()) {
        if (snapshot) for (const state of JOB_STATES) g.set({ cluster: name, state }, snapshot.summary.jobs[state]);
      }
    });
    perCluster('webstat_nodes', 'Nodes by primary state.', ['cluster', 'state'], (g) => {
      for (const { name, snapshot } of clusters()) {
        if (snapshot) for (const state of NODE_STATES) g.set({ cluster: name, state }, snapshot.summary.nodes[state]);
      }
    });
    const metrics = this;
    new Gauge({
      name: 'webstat_connected_clients',
      help: 'Open WebSocket connections.',
      registers,
      collect() {
        this.set(metrics.connectedClients);
      },
    });
    this.framesSent = new Counter({ name: 'webstat_frames_sent_total', help: 'WebSocket frames sent, counted once per receiving client.', registers });
    this.bytesSent = new Counter({ name: 'webstat_bytes_sent_total', help: 'Bytes of WebSocket frames sent, summed over receiving clients.', registers });
    this.badFrames = new Counter({ name: 'webstat_bad_client_frames_total', help: 'Client frames refused (malformed, unexpected, too many, too large), by error code.', labelNames: ['code'], registers });
    this.refused = new Counter({ name: 'webstat_refused_connections_total', help: 'Clients refused: origin not allowed (403) or unauthorized.', labelNames: ['reason'], registers });
  }

  sent(bytes: number): void {
    this.framesSent.inc();
    this.bytesSent.inc(bytes);
  }

  /** One frame published to `receivers` clients at once. */
  published(bytes: number, receivers: number): void {
    if (receivers === 0) return;
    this.framesSent.inc(receivers);
    this.bytesSent.inc(bytes * receivers);
  }

  badFrame(code: string): void {
    this.badFrames.inc({ code });
  }

  unauthorized(): void {
    this.refused.inc({ reason: 'unauthorized' });
  }

  refusedOrigin(): void {
    this.refused.inc({ reason: 'origin' });
  }
}
