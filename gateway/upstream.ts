/**
 * The gateway's upstream side in one call: a poller per configured cluster (SSH tunnel or direct
 * ZeroMQ), feeding a ClusterFeed and the history store, plus the store's periodic roll-ups and
 * pruning. `gateway/server.ts` wires it:
 *
 *   const config = loadConfig(file);                 // throws ConfigError `config-invalid`
 *   const store = openHistoryStore(config);          // HistorySource for the browser side
 *   const upstream = await startUpstream(config, { feed, store, logger });
 *   ... upstream.clusters() for /healthz and /metrics ...
 *   await upstream.stop(); store.close();            // on SIGTERM
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pino, { type Logger } from 'pino';
import type { ClusterFeed } from './cluster-feed.ts';
import type { GatewayConfig } from './config/config-types.ts';
import { HistoryStore } from './history/history-store.ts';
import { ClusterPoller, type ClusterPollerOptions, type ClusterPollState } from './polling/cluster-poller.ts';

export interface UpstreamOptions {
  feed: ClusterFeed;
  store: HistoryStore;
  logger?: Logger;
  /** Milliseconds between roll-up and pruning passes over quiet clusters; default one minute. */
  maintenanceIntervalMs?: number;
  /** Poller settings beyond the configuration (timeouts, tunnel backoff), for tests and the demo. */
  poller?: Partial<Pick<ClusterPollerOptions, 'requestTimeoutMs' | 'tunnel' | 'now'>>;
}

export interface Upstream {
  /** Every cluster's status, sequence and last poll, in configuration order. */
  clusters(): ClusterPollState[];
  /** Stops polling, closes sockets and tunnels; the store stays open for the caller to close. */
  stop(): Promise<void>;
}

/** Opens the history database the configuration names, creating its directory if needed. */
export function openHistoryStore(config: GatewayConfig): HistoryStore {
  mkdirSync(dirname(config.database), { recursive: true });
  return HistoryStore.open(config.database, { retention: config.retention });
}

export async function startUpstream(config: GatewayConfig, options: UpstreamOptions): Promise<Upstream> {
  const logger = options.logger ?? pino({ level: 'silent' });
  const pollers = config.clusters.map(
    (cluster) => new ClusterPoller({ ...options.poller, cluster, feed: options.feed, store: options.store, logger }),
  );
  const started = await Promise.allSettled(pollers.map((poller) => poller.start()));
  const failure = started.find((result) => result.status === 'rejected');
  if (failure) {
    // All or nothing: a gateway that silently skipped a cluster would look healthy.
    await Promise.all(pollers.map((poller) => poller.stop()));
    throw failure.reason;
  }

  const maintenance = setInterval(() => {
    try {
      options.store.maintain();
    } catch (error) {
      logger.error({ err: error }, 'history maintenance failed');
    }
  }, options.maintenanceIntervalMs ?? 60_000);
  maintenance.unref();

  return {
    clusters: () => pollers.map((poller) => poller.state),
    async stop() {
      clearInterval(maintenance);
      await Promise.all(pollers.map((poller) => poller.stop()));
    },
  };
}
