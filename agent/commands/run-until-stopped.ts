/**
 * Runs an agent until SIGINT or SIGTERM (or its socket fails), printing `listening ENDPOINT` on
 * stdout once it is bound: the line a supervisor or the demo gateway waits for.
 */
import { errorData } from '../agent-error.ts';
import type { AgentService } from '../service/agent-service.ts';
import { write, type CliIo } from './cli-io.ts';

export async function runUntilStopped(service: AgentService, io: CliIo): Promise<number> {
  await write(io.stdout, `listening ${service.endpoint}\n`);
  const ended = await new Promise<'signal' | 'closed' | Error>((resolve) => {
    const onSignal = () => resolve('signal');
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    service.done.then(
      () => resolve('closed'),
      (error: unknown) => resolve(error instanceof Error ? error : new Error(String(error))),
    );
  });
  await service.close();
  if (ended instanceof Error) {
    io.stderr.write(`webstat-agent: ${errorData(ended).code}: the ZeroMQ socket failed: ${ended.message}\n`);
    return 1;
  }
  return 0;
}
