/**
 * A running agent: the collection loop on the scheduler budget, the snapshot store, and the
 * ZeroMQ REP socket answering from the store. `serve` runs it against the real scheduler,
 * `simulate` against a SimulatedScheduler; everything else is the same code.
 */
import type { Logger } from 'pino';
import { AGENT_VERSION } from '../agent-version.ts';
import { Collector, type ParseOutput } from '../collector/collector.ts';
import type { CommandRunner } from '../collector/run-command.ts';
import type { AgentConfig } from '../config/agent-config.ts';
import { CollectionLoop } from './collection-loop.ts';
import type { CurveKeys } from './curve-keys.ts';
import { RequestHandler } from './request-handler.ts';
import { SnapshotStore } from './snapshot-store.ts';
import type { Timer } from './timer.ts';
import { startZmqService } from './zmq-service.ts';

export interface AgentServiceOptions {
  config: AgentConfig;
  parse: ParseOutput;
  /** Default: real child processes. */
  runner?: CommandRunner;
  curve: CurveKeys | null;
  logger?: Logger;
  timer?: Timer;
  env?: NodeJS.ProcessEnv;
}

export interface AgentService {
  endpoint: string;
  loop: CollectionLoop;
  store: SnapshotStore;
  collector: Collector;
  /** Ends when the socket closes (after `close`, or on a socket failure). */
  done: Promise<void>;
  close(): Promise<void>;
}

export async function startAgentService(options: AgentServiceOptions): Promise<AgentService> {
  const { config, logger } = options;
  const collector = new Collector(
    {
      flavour: config.flavour,
      commands: config.commands,
      commandTimeoutMs: config.commandTimeoutSeconds * 1000,
      ...(config.timeZone ? { timeZone: config.timeZone } : {}),
      ...(options.env ? { env: options.env } : {}),
    },
    options.parse,
    options.runner,
  );
  const store = new SnapshotStore();
  const loop = new CollectionLoop({
    cluster: config.cluster,
    intervalMs: config.intervalSeconds * 1000,
    source: collector,
    store,
    ...(options.timer ? { timer: options.timer } : {}),
    onCollection: (snapshot, outcome) => {
      if (!logger) return;
      const figures = { seq: snapshot.seq, durationMs: Math.round(outcome.durationMs), outputBytes: outcome.outputBytes };
      for (const warning of outcome.warnings) logger.warn({ warning }, 'collection warning');
      if (outcome.ok) logger.info({ ...figures, jobs: snapshot.jobs.length, nodes: snapshot.nodes.length, nextInMs: loop.lastDelayMs }, 'collection ok');
      else logger.warn({ ...figures, code: outcome.failure.code, nextInMs: loop.lastDelayMs }, outcome.failure.message);
    },
  });
  const handler = new RequestHandler(
    {
      store,
      identity: {
        agentVersion: AGENT_VERSION,
        cluster: config.cluster,
        intervalSeconds: config.intervalSeconds,
        flavour: () => store.current?.scheduler.flavour ?? collector.scheduler.flavour,
      },
    },
    () => loop.firstSnapshot(),
  );
  const service = await startZmqService({ bind: config.bind, curve: options.curve, handle: (bytes) => handler.handle(bytes) });
  logger?.info(
    { endpoint: service.endpoint, flavour: config.flavour, intervalSeconds: config.intervalSeconds, commandTimeoutSeconds: config.commandTimeoutSeconds, curve: options.curve !== null },
    'listening',
  );
  loop.start();
  return {
    endpoint: service.endpoint,
    loop,
    store,
    collector,
    done: service.done,
    async close() {
      await loop.stop();
      await service.close();
    },
  };
}
