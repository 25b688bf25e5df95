/**
 * The gateway the worker's browser tests talk to, in a child process of web-test-runner (see
 * wtr-plugins.mjs), driven over IPC: `{ id, command, args }` in, `{ id, result }` or
 * `{ id, error }` out. Commands: info, step, unreachable, snapshot, points, drop, bad-frame,
 * restart, reset.
 */
import { ProtocolGateway, type ProtocolGatewayOptions } from './protocol-gateway.ts';
import type { ReferencePoint } from './reference-client.ts';

const OPTIONS: ProtocolGatewayOptions = {
  clusters: [
    { name: 'alpha', label: 'Alpha (PBS Pro)', jobs: 400, nodes: 40, users: 14, seed: 11 },
    { name: 'beta', label: 'Beta (Torque)', jobs: 150, nodes: 16, users: 8, seed: 22 },
  ],
  historyPolls: 180,
  interval: 60,
};

let gateway = new ProtocolGateway(OPTIONS);
const port = await gateway.listen(0);

type Args = Record<string, string>;

function points(cluster: string): ReferencePoint[] {
  return gateway.samples(cluster).map(({ time, summary }) => ({
    time,
    step: OPTIONS.interval,
    coresUsed: summary.coresUsed,
    users: summary.users,
    groups: summary.groups,
    queues: summary.queues,
  }));
}

async function run(command: string, args: Args): Promise<unknown> {
  const cluster = args.cluster ?? 'alpha';
  switch (command) {
    case 'info':
      return { url: `ws://127.0.0.1:${gateway.port}/ws`, accepted: gateway.accepted, open: gateway.open, pollSeconds: OPTIONS.interval };
    case 'step': {
      const snapshot = gateway.step(cluster, Number(args.polls ?? 1));
      return { seq: snapshot.seq, time: snapshot.time };
    }
    case 'unreachable': {
      const snapshot = gateway.unreachable(cluster);
      return { seq: snapshot.seq, time: snapshot.time };
    }
    case 'snapshot':
      return gateway.snapshot(cluster, args.seq === undefined ? undefined : Number(args.seq));
    case 'points':
      return points(cluster);
    case 'drop':
      return { dropped: gateway.dropAll() };
    case 'bad-frame':
      return { sent: gateway.sendBadFrame() };
    case 'restart': {
      // Down for a while, then back on the same port with the same clusters (as after a deploy).
      const downMs = Number(args.downMs ?? 500);
      const held = gateway;
      await held.close();
      setTimeout(() => void held.listen(port), downMs);
      return { downMs };
    }
    case 'reset': {
      await gateway.close();
      gateway = new ProtocolGateway(OPTIONS);
      await gateway.listen(port);
      return { port };
    }
    default:
      throw new Error(`unknown command ${command}`);
  }
}

process.on('message', (request: { id: number; command: string; args: Args }) => {
  run(request.command, request.args ?? {}).then(
    (result) => process.send!({ id: request.id, result }),
    (error: unknown) => process.send!({ id: request.id, error: String((error as Error)?.message ?? error) }),
  );
});
process.on('disconnect', () => void gateway.close().then(() => process.exit(0)));
process.send!({ ready: true, port });
