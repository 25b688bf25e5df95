/** The agent's log: pino JSON lines on stderr (stdout is for the `listening` line and JSON). */
import { pino, type Logger } from 'pino';
import type { AgentConfig } from '../config/agent-config.ts';

export function agentLogger(cluster: string, level: AgentConfig['logLevel']): Logger {
  return pino({ name: 'webstat-agent', level, base: { cluster } }, pino.destination({ dest: 2, sync: true }));
}
