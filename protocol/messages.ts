/** Every message of the wire protocol (DESIGN.md "Wire protocol"); the codec is codec.ts. */
import type { Delta } from './delta.ts';
import type { HistoryBlock } from './history.ts';
import type { Level, Snapshot, Status } from './model.ts';

export interface Subscription {
  cluster: string;
  /** The most detail wanted; the gateway grants at most what the connection's scope allows. */
  level: Level;
  /** Sequence of the snapshot the client already holds, or null. */
  sinceSeq: number | null;
  /** Time of the newest history sample the client holds, or null for none. */
  historySince: number | null;
}

/** Client → gateway, first frame of a connection (and again to change subscriptions). */
export interface HelloMessage {
  type: 'hello';
  /** Client software and version, for logs. */
  client: string;
  token: string | null;
  subscriptions: Subscription[];
}

export interface ClusterInfo {
  name: string;
  label: string;
  /** Level granted to this connection. */
  level: Level;
}

/** Gateway → client: what this connection may see. */
export interface WelcomeMessage {
  type: 'welcome';
  server: string;
  time: number;
  clusters: ClusterInfo[];
}

export interface SnapshotMessage {
  type: 'snapshot';
  level: Level;
  snapshot: Snapshot;
}

export interface DeltaMessage {
  type: 'delta';
  delta: Delta;
}

/** A cluster's status changed without new data (unreachable, stale); seq is unchanged. */
export interface StatusMessage {
  type: 'status';
  cluster: string;
  seq: number;
  time: number;
  status: Status;
}

export interface HistoryMessage {
  type: 'history';
  block: HistoryBlock;
}

export interface ErrorMessage {
  type: 'error';
  code: string;
  message: string;
}

/** The snapshot the client holds at `seq` is current; the stream goes on from here. */
export interface ResumeMessage {
  type: 'resume';
  cluster: string;
  seq: number;
  level: Level;
}

export const AGENT_WANTS = ['hello', 'snapshot', 'delta', 'status'] as const;
export type AgentWant = (typeof AGENT_WANTS)[number];

/** Gateway → agent over ZeroMQ. `delta` answers with a snapshot when `sinceSeq` is too old. */
export interface AgentRequestMessage {
  type: 'agent-request';
  want: AgentWant;
  sinceSeq: number | null;
}

/** Agent → gateway, the answer to `hello`. */
export interface AgentInfoMessage {
  type: 'agent-info';
  agentVersion: string;
  protocolVersion: number;
  cluster: string;
  flavour: string;
  intervalSeconds: number;
  seq: number;
}

export type Message =
  | HelloMessage
  | WelcomeMessage
  | SnapshotMessage
  | DeltaMessage
  | StatusMessage
  | HistoryMessage
  | ErrorMessage
  | ResumeMessage
  | AgentRequestMessage
  | AgentInfoMessage;
