/**
 * A crowd of browsers in a process of their own (so their work is not counted against the
 * gateway's, and their memory is not in its RSS): many ProtocolClients, each a full client of the
 * real protocol (hello, every frame decoded, every delta applied, the sequence chain checked).
 * Driven over IPC by ClientCrowd (client-crowd.ts):
 *
 *   → { op: 'start', url, token, plan: ClientPlan[] }   ← { op: 'ready', connected, failed }
 *   → { op: 'report' }                                  ← { op: 'report', report: CrowdReport }
 *   → { op: 'catch-up', seqs: {cluster: seq} }           ← { op: 'caught-up', lagging }
 *   → { op: 'stop' }                                     (closes every socket and exits)
 */
import type { Level } from '../../protocol/model.ts';
import { ProtocolClient } from './protocol-client.ts';

export interface ClientPlan {
  clusters: string[];
  level: Level;
  /** Connect with the token (a staff member's dashboard) or without (a public wall or wiki page). */
  withToken: boolean;
}

export interface CrowdReport {
  clients: number;
  open: number;
  frames: number;
  bytes: number;
  deltas: number;
  resyncs: number;
  /** How many problems, and the first few in words. */
  problemCount: number;
  problems: string[];
}

export type ToCrowd =
  | { op: 'start'; url: string; token: string; plan: ClientPlan[] }
  | { op: 'report' }
  | { op: 'catch-up'; seqs: Record<string, number>; timeoutMs: number }
  | { op: 'stop' };

export type FromCrowd =
  | { op: 'ready'; connected: number; failed: string[] }
  | { op: 'report'; report: CrowdReport }
  | { op: 'caught-up'; lagging: string[] };

const CONCURRENT_CONNECTS = 50;
const clients: ProtocolClient[] = [];
/** The clusters each client follows, by its index in `clients`. */
const following: string[][] = [];

function send(message: FromCrowd): void {
  process.send!(message);
}

function report(): CrowdReport {
  const problems = clients.flatMap((client, index) => client.problems.map((problem) => `client ${index}: ${problem}`));
  let resyncs = 0;
  for (const client of clients) for (const held of client.clusters.values()) resyncs += held.resyncs;
  return {
    clients: clients.length,
    open: clients.filter((client) => client.open).length,
    frames: clients.reduce((sum, client) => sum + client.counters.frames, 0),
    bytes: clients.reduce((sum, client) => sum + client.counters.bytes, 0),
    deltas: clients.reduce((sum, client) => sum + client.counters.deltas, 0),
    resyncs,
    problemCount: problems.length,
    problems: problems.slice(0, 20),
  };
}

async function start(url: string, token: string, plan: ClientPlan[]): Promise<void> {
  const failed: string[] = [];
  let next = 0;
  const connectOne = async () => {
    while (next < plan.length) {
      const entry = plan[next++]!;
      const client = new ProtocolClient({
        url,
        token: entry.withToken ? token : null,
        client: 'webstat-e2e-crowd',
        // Live data only, as a page that already holds its history would ask.
        subscriptions: entry.clusters.map((cluster) => ({ cluster, level: entry.level, historySince: Math.floor(Date.now() / 1000) })),
      });
      clients.push(client);
      following.push(entry.clusters);
      try {
        const granted = await client.connect();
        const refused = entry.clusters.filter((cluster) => !granted.some((info) => info.name === cluster && info.level === entry.level));
        if (refused.length > 0) client.problems.push(`not granted ${entry.level} on ${refused.join(', ')}`);
      } catch (error) {
        failed.push((error as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_CONNECTS }, connectOne));
  send({ op: 'ready', connected: clients.filter((client) => client.open).length, failed: failed.slice(0, 20) });
}

/** Waits until every client holds at least `seqs[cluster]` for each cluster it follows. */
async function catchUp(seqs: Record<string, number>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  // Every cluster a client follows counts, also one it never heard of.
  const lagging = () =>
    clients.flatMap((client, index) =>
      following[index]!
        .filter((cluster) => (client.clusters.get(cluster)?.snapshot?.seq ?? 0) < (seqs[cluster] ?? 0))
        .map((cluster) => `client ${index} ${cluster} at ${client.clusters.get(cluster)?.snapshot?.seq ?? 'nothing'}`),
    );
  let behind = lagging();
  while (behind.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    behind = lagging();
  }
  send({ op: 'caught-up', lagging: behind.slice(0, 20) });
}

process.on('message', (message: ToCrowd) => {
  switch (message.op) {
    case 'start':
      void start(message.url, message.token, message.plan);
      return;
    case 'report':
      send({ op: 'report', report: report() });
      return;
    case 'catch-up':
      void catchUp(message.seqs, message.timeoutMs);
      return;
    case 'stop':
      for (const client of clients) client.close();
      process.exit(0);
  }
});

// The test process ended without saying stop: do not linger.
process.on('disconnect', () => process.exit(0));
