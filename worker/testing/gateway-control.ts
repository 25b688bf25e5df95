/** Browser side of the test gateway's control endpoint (wtr-plugins.mjs). */
import type { Snapshot } from '../../protocol/model.ts';
import type { RecordedSample } from './history-block.ts';

export interface GatewayInfo {
  port: number;
  url: string;
  /** WebSocket connections accepted since the gateway started. */
  accepted: number;
  /** WebSocket connections open now. */
  open: number;
}

async function control<T>(command: string, args: Record<string, string | number | boolean> = {}): Promise<T> {
  const query = new URLSearchParams(Object.entries(args).map(([key, value]) => [key, String(value)]));
  const response = await fetch(`/__gateway/${command}?${query}`, { cache: 'no-store' });
  const body = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(`gateway ${command}: ${body.error}`);
  return body;
}

export const testGateway = {
  info: () => control<GatewayInfo>('info'),
  reset: () => control<{ port: number }>('reset'),
  step: (cluster: string, polls = 1, unreachable = false) => control<{ seq: number; time: number }>('step', { cluster, polls, unreachable }),
  snapshot: (cluster: string) => control<Snapshot>('snapshot', { cluster }),
  samples: (cluster: string) => control<RecordedSample[]>('samples', { cluster }),
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
