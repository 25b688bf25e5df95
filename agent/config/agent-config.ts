/** The agent's configuration once loaded and checked (the file's keys: config-schema.ts). */
import type { CommandPaths } from '../collector/command-plan.ts';
import type { FlavourSetting } from '../collector/flavour.ts';

export interface AgentConfig {
  /** The file it came from, for messages; null when built from CLI flags. */
  file: string | null;
  /** The name the gateway and the dashboard show. */
  cluster: string;
  flavour: FlavourSetting;
  /** Seconds between collections (the budget may stretch it). */
  intervalSeconds: number;
  /** Seconds before a command is killed with its process group. */
  commandTimeoutSeconds: number;
  /** `tcp://HOST:PORT`. */
  bind: string;
  /** IANA zone the scheduler prints local times in; null: the agent's own. */
  timeZone: string | null;
  commands: CommandPaths;
  /** Absolute paths of the CURVE key files, or null (loopback only). */
  curve: { publicKeyFile: string; secretKeyFile: string } | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}
