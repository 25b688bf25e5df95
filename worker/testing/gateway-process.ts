/**
 * The gateway the worker's browser tests talk to, in a child process of web-test-runner (see
 * wtr-plugins.mjs): the real one (real-gateway.ts), driven over IPC: `{ id, command, args }` in,
 * `{ id, result }` or `{ id, error }` out. Commands: info, reset, step, unreachable, snapshot,
 * points, drop, bad-frame, restart. WEBSTAT_TEST_ORIGINS names the test pages' origins.
 */
import { RealGateway } from './real-gateway.ts';

const origins = (process.env.WEBSTAT_TEST_ORIGINS ?? 'http://localhost:8000').split(',');
const gateway = await RealGateway.start(origins);

type Args = Record<string, string>;

async function run(command: string, args: Args): Promise<unknown> {
  const cluster = args.cluster ?? 'alpha';
  switch (command) {
    case 'info':
    case 'reset':
      // A real gateway is not reset: tests follow its data as it moves.
      return gateway.info();
    case 'step':
      return gateway.step(cluster, Number(args.polls ?? 1));
    case 'unreachable':
      return gateway.unreachable(cluster);
    case 'snapshot':
      return gateway.snapshot(cluster, args.seq === undefined ? undefined : Number(args.seq));
    case 'points':
      return gateway.points(cluster);
    case 'drop':
      return { dropped: gateway.drop() };
    case 'bad-frame':
      return { sent: gateway.badFrame() };
    case 'restart': {
      const downMs = Number(args.downMs ?? 500);
      await gateway.restart(downMs);
      return { downMs };
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
/** Stops the agents (child processes of this one) whatever ends this process. */
function shutdown(code: number): void {
  void gateway.close().finally(() => process.exit(code));
}
process.on('disconnect', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));
process.on('uncaughtException', (error) => {
  console.error('test gateway:', error);
  shutdown(1);
});
process.on('unhandledRejection', (error) => {
  console.error('test gateway:', error);
  shutdown(1);
});
process.send!({ ready: true });
