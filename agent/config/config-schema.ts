/**
 * The configuration file of `webstat-agent serve`, as a JSON Schema for ajv. Unknown keys are
 * errors (a typo must not silently fall back to a default), and so are values outside the budget
 * (an interval under 15 s).
 */
import { intervalFloor } from './interval-floor.ts';

const path = { type: 'string', minLength: 1 } as const;

export const AGENT_CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['cluster'],
  properties: {
    cluster: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' },
    flavour: { enum: ['auto', 'torque', 'pbspro', 'openpbs', 'slurm'] },
    // 15 s; lower only for the end-to-end tests' fake scheduler (interval-floor.ts).
    interval: { type: 'number', minimum: intervalFloor(), maximum: 86_400 },
    commandTimeout: { type: 'number', minimum: 1, maximum: 3600 },
    bind: { type: 'string', pattern: '^tcp://' },
    timeZone: { type: 'string', minLength: 1 },
    commands: {
      type: 'object',
      additionalProperties: false,
      properties: { qstat: path, pbsnodes: path, squeue: path, sinfo: path },
    },
    moab: {
      type: 'object',
      additionalProperties: false,
      required: ['showq'],
      properties: { showq: path },
    },
    slurm: {
      type: 'object',
      additionalProperties: false,
      properties: { json: { type: 'boolean' } },
    },
    curve: {
      type: 'object',
      additionalProperties: false,
      required: ['publicKeyFile', 'secretKeyFile'],
      properties: { publicKeyFile: path, secretKeyFile: path },
    },
    logLevel: { enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] },
  },
} as const;

/** The file as written, once valid. */
export interface AgentConfigFile {
  cluster: string;
  flavour?: 'auto' | 'torque' | 'pbspro' | 'openpbs' | 'slurm';
  interval?: number;
  commandTimeout?: number;
  bind?: string;
  timeZone?: string;
  commands?: { qstat?: string; pbsnodes?: string; squeue?: string; sinfo?: string };
  moab?: { showq: string };
  /** Slurm: `json: true` tries `squeue --json` / `sinfo --json` before the text forms. */
  slurm?: { json?: boolean };
  curve?: { publicKeyFile: string; secretKeyFile: string };
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}
