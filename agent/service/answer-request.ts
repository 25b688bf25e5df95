/**
 * The agent's request logic as a plain function: (what the agent holds, a request) → the reply.
 * No sockets here; zmq-service.ts is the thin adapter around it.
 *
 *   hello            → agent-info (versions, cluster, flavour, interval, current seq)
 *   snapshot         → snapshot (the whole current snapshot, `jobs` level)
 *   delta since N    → status when N is current; delta N→current when N is still held;
 *                      the whole snapshot when N is null, too old or unknown
 *   status           → status (health, code, message, lastOkAt, duration, output size)
 */
import type { AgentRequestMessage, Message } from '../../protocol/messages.ts';
import { PROTOCOL_VERSION } from '../../protocol/opcodes.ts';
import type { Snapshot } from '../../protocol/model.ts';
import type { SnapshotStore } from './snapshot-store.ts';

export interface AgentIdentity {
  agentVersion: string;
  cluster: string;
  intervalSeconds: number;
  /** The flavour as known now (config, detection, or the last snapshot). */
  flavour(): string;
}

export interface AgentState {
  identity: AgentIdentity;
  store: SnapshotStore;
}

function statusOf(snapshot: Snapshot): Message {
  return { type: 'status', cluster: snapshot.cluster, seq: snapshot.seq, time: snapshot.time, status: snapshot.status };
}

/** Needs a current snapshot for everything but `hello` (the caller waits for the first one). */
export function answerRequest(state: AgentState, request: AgentRequestMessage): Message {
  const { identity, store } = state;
  const current = store.current;
  if (request.want === 'hello') {
    return {
      type: 'agent-info',
      agentVersion: identity.agentVersion,
      protocolVersion: PROTOCOL_VERSION,
      cluster: identity.cluster,
      flavour: identity.flavour(),
      // Whole seconds on the wire; a simulated scheduler may poll faster than once a second.
      intervalSeconds: Math.max(1, Math.round(identity.intervalSeconds)),
      seq: current?.seq ?? 0,
    };
  }
  if (!current) return { type: 'error', code: 'no-data-yet', message: 'the first collection has not ended yet' };
  switch (request.want) {
    case 'snapshot':
      return { type: 'snapshot', level: 'jobs', snapshot: current };
    case 'status':
      return statusOf(current);
    case 'delta': {
      const answer = store.since(request.sinceSeq)!;
      if (answer.kind === 'current') return statusOf(current);
      if (answer.kind === 'delta') return { type: 'delta', delta: answer.delta };
      return { type: 'snapshot', level: 'jobs', snapshot: current };
    }
  }
}
