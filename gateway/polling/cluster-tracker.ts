/**
 * What the gateway knows of one cluster, and how each agent reply changes it: plain logic, no
 * sockets (the poller is the adapter). It holds two snapshots:
 *
 * - the agent's, at the agent's sequence, which deltas apply to (a seq or delta mismatch drops it
 *   and asks for a whole snapshot);
 * - the gateway's, at the gateway's own sequence, which rises by one each time what the gateway
 *   shows changes and never goes back (it continues from SQLite after a restart, and does not
 *   care about the agent's numbers, which restart too).
 *
 * Status, most severe first: `unreachable` (no answer: tunnel down, agent gone, or an error
 * reply), `scheduler-error` (the agent answers but its collection failed; the last good data stays
 * on show), `stale` (good data, but older than 2.5 collection intervals), `ok`.
 */
import { apply, diff, isEmptyDelta } from '../../protocol/delta.ts';
import type { AgentRequestMessage, Message } from '../../protocol/messages.ts';
import type { Snapshot, Status } from '../../protocol/model.ts';
import { ProtocolError } from '../../protocol/protocol-error.ts';

export interface TrackerStep {
  /** New data to record and publish, at the next gateway sequence. */
  snapshot: Snapshot | null;
  /** The status changed without new data. */
  status: Status | null;
  /** Send the next request now (after hello, or to replace a delta that did not apply). */
  again: boolean;
}

const NOTHING: TrackerStep = { snapshot: null, status: null, again: false };

/** Data older than this many collection intervals is stale. */
export const STALE_AFTER_INTERVALS = 2.5;

/** The agent starts a collection no sooner than this many times the last one's duration after
 * it (DESIGN.md "Scheduler budget"): a slow scheduler stretches the interval. */
export const AGENT_DURATION_FACTOR = 10;

export class ClusterTracker {
  private agentSnapshot: Snapshot | null = null;
  private agentInterval: number | null = null;
  private shown: Snapshot | null;
  /** The gateway's sequence: what the store holds, even when its snapshot could not be read. */
  private seq: number;
  private currentStatus: Status;

  constructor(
    /** The cluster's name in the gateway's configuration (the agent may call itself otherwise). */
    readonly cluster: string,
    /** Seconds between polls. */
    private readonly pollInterval: number,
    /** What the gateway showed before it restarted, from the history store. */
    stored: Snapshot | null,
    /** The sequence the store holds (the next one is above it, whatever `stored` is). */
    storedSeq: number,
    now: number,
  ) {
    this.shown = stored;
    this.seq = Math.max(storedSeq, stored?.seq ?? 0);
    this.currentStatus = stored
      ? this.freshness(stored.status, now)
      : { health: 'unreachable', code: 'not-polled-yet', message: 'waiting for the first answer', lastOkAt: null, durationMs: null, outputBytes: null };
  }

  /** The snapshot the gateway shows, at the gateway's sequence (null before any data). */
  get snapshot(): Snapshot | null {
    return this.shown;
  }

  get status(): Status {
    return this.currentStatus;
  }

  /** Seconds between two samples: the longer of the poll and the agent's collection intervals. */
  get sampleInterval(): number {
    return Math.max(this.pollInterval, this.agentInterval ?? 0);
  }

  /** The next request: hello to learn the agent's interval, then deltas since what we hold. */
  request(): AgentRequestMessage {
    if (this.agentInterval === null) return { type: 'agent-request', want: 'hello', sinceSeq: null };
    if (this.agentSnapshot === null) return { type: 'agent-request', want: 'snapshot', sinceSeq: null };
    return { type: 'agent-request', want: 'delta', sinceSeq: this.agentSnapshot.seq };
  }

  onReply(reply: Message, now: number): TrackerStep {
    switch (reply.type) {
      case 'agent-info':
        this.agentInterval = reply.intervalSeconds;
        return { ...NOTHING, again: true };
      case 'snapshot':
        this.agentSnapshot = reply.snapshot;
        return this.newAgentData(now);
      case 'delta':
        if (this.agentSnapshot === null) return this.resync();
        try {
          this.agentSnapshot = apply(this.agentSnapshot, reply.delta);
        } catch (error) {
          if (error instanceof ProtocolError) return this.resync();
          throw error;
        }
        return this.newAgentData(now);
      case 'status':
        // "Nothing new since what you hold": only the freshness of what we show can change.
        if (this.agentSnapshot === null || reply.seq !== this.agentSnapshot.seq) return this.resync();
        return this.statusStep(this.agentStatus(this.agentSnapshot.status, now));
      case 'error':
        return this.onFailure(reply.code, `the agent answered: ${reply.message}`);
      default:
        return this.onFailure('agent-bad-reply', `the agent answered with a ${reply.type} message`);
    }
  }

  /** No usable answer: the cluster is unreachable. The next poll starts with hello again (the
   * agent may have restarted with another interval). */
  onFailure(code: string, message: string): TrackerStep {
    this.agentInterval = null;
    const last = this.shown?.status;
    return this.statusStep({
      health: 'unreachable',
      code,
      message,
      lastOkAt: last?.lastOkAt ?? null,
      durationMs: last?.durationMs ?? null,
      outputBytes: last?.outputBytes ?? null,
    });
  }

  /** The store kept `snapshot`: it is now what the gateway shows. */
  accepted(snapshot: Snapshot): void {
    this.shown = snapshot;
    this.seq = snapshot.seq;
    this.currentStatus = snapshot.status;
  }

  private resync(): TrackerStep {
    this.agentSnapshot = null;
    return { ...NOTHING, again: true };
  }

  private newAgentData(now: number): TrackerStep {
    const agent = this.agentSnapshot!;
    const status = this.agentStatus(agent.status, now);
    // A failed collection comes with the agent's last good data (or none): keep showing ours
    // unless the agent's good data is newer (the gateway restarted meanwhile).
    if (agent.status.health !== 'ok' && this.shown && (agent.status.lastOkAt ?? 0) <= (this.shown.status.lastOkAt ?? 0)) {
      return this.statusStep({ ...status, lastOkAt: this.shown.status.lastOkAt });
    }
    const shown = this.shown;
    const candidate: Snapshot = { ...agent, cluster: this.cluster, seq: this.seq, status };
    if (shown && shown.time === candidate.time && isEmptyDelta(diff(shown, candidate))) return NOTHING;
    return { snapshot: { ...candidate, seq: this.seq + 1 }, status: null, again: false };
  }

  /** The agent's own status, with staleness judged here (the agent cannot see its own age). */
  private agentStatus(status: Status, now: number): Status {
    return status.health === 'ok' ? this.freshness(status, now) : status;
  }

  private freshness(status: Status, now: number): Status {
    if (status.health !== 'ok' && status.health !== 'stale') return status;
    // Late means later than the agent's budget allows: a 20 s qstat makes the next collection
    // come 200 s after it, and data that old is then fresh, not stale.
    const interval = Math.max(this.sampleInterval, (AGENT_DURATION_FACTOR * (status.durationMs ?? 0)) / 1000);
    const age = status.lastOkAt === null ? Infinity : now - status.lastOkAt;
    if (age > STALE_AFTER_INTERVALS * interval) {
      // A message that does not tick with the clock: lastOkAt says how old the data is.
      const message = `no new data for more than ${Math.round(STALE_AFTER_INTERVALS * interval)} s`;
      return { ...status, health: 'stale', code: 'stale-data', message };
    }
    return { ...status, health: 'ok', code: null, message: null };
  }

  private statusStep(status: Status): TrackerStep {
    const before = this.currentStatus;
    this.currentStatus = status;
    const same = before.health === status.health && before.code === status.code && before.message === status.message;
    return same ? NOTHING : { snapshot: null, status, again: false };
  }
}
