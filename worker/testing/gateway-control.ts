/** Browser side of the test gateway's control endpoint (wtr-plugins.mjs, gateway-process.ts). */
import type { Snapshot } from '../../protocol/model.ts';
import type { ReferencePoint } from './reference-client.ts';

export interface GatewayInfo {
  /** The WebSocket URL the worker is to use. */
  url: string;
  /** WebSocket connections accepted there since the gateway started. */
  accepted: number;
  /** Connections open there now. */
  open: number;
  /** Seconds between the clusters' collections. */
  pollSeconds: number;
  /** A token the gateway accepts. */
  token: string;
}

async function control<T>(command: string, args: Record<string, string | number | boolean | undefined> = {}): Promise<T> {
  const entries = Object.entries(args).filter(([, value]) => value !== undefined) as [string, string | number | boolean][];
  const query = new URLSearchParams(entries.map(([key, value]) => [key, String(value)]));
  const response = await fetch(`/__gateway/${command}?${query}`, { cache: 'no-store' });
  const body = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(`gateway ${command}: ${body.error}`);
  return body;
}

export const testGateway = {
  info: () => control<GatewayInfo>('info'),
  reset: () => control<{ port: number }>('reset'),
  /** `polls` more collections of the cluster (after `unreachable`, it answers again first). */
  step: (cluster: string, polls = 1) => control<{ seq: number; time: number }>('step', { cluster, polls }),
  /** The cluster's agent stops answering; resolves once the gateway says it is unreachable. */
  unreachable: (cluster: string) => control<{ seq: number; time: number }>('unreachable', { cluster }),
  /** The gateway's state of the cluster (at `seq`, or the latest), as its own client decoded it. */
  snapshot: (cluster: string, seq?: number) => control<Snapshot>('snapshot', { cluster, seq }),
  /** Every sample of the cluster the gateway sent: history blocks and live snapshots. */
  points: (cluster: string) => control<ReferencePoint[]>('points', { cluster }),
  drop: () => control<{ dropped: number }>('drop'),
  badFrame: () => control<{ sent: number }>('bad-frame'),
  restart: (downMs: number) => control<{ downMs: number }>('restart', { downMs }),
};

/** Resolves when `check` returns a value other than undefined, polling; rejects after `ms`. */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, ms = 10_000, what = 'condition'): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
