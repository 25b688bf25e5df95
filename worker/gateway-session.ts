/**
 * What one gateway connection means, without the socket: which clusters are followed and at what
 * level (reference counted over every widget of every tab), the hello that resumes from what is
 * held, and what each decoded message does to the clusters, the history and the subscribers.
 * gateway-connection.ts is the thin adapter that feeds it frames.
 */
import type { ClusterChange, ClusterView } from './api.ts';
import { ClusterState, projectChange } from './cluster-view.ts';
import type { HistoryStore } from './history-store.ts';
import { sampleOfSnapshot } from './samples.ts';
import type { ClusterInfo, HelloMessage, Message, Subscription } from '../protocol/messages.ts';
import { LEVELS, type Level, type Snapshot } from '../protocol/model.ts';
import { ProtocolError } from '../protocol/protocol-error.ts';
import { WorkerFailure } from './worker-error.ts';

export const CLIENT_NAME = 'webstat-worker/0.1';
/** Step of a live sample until the cluster's poll interval is known. */
const DEFAULT_POLL_SECONDS = 60;
const MAX_LIVE_STEP = 300;

export interface Subscriber {
  id: string;
  cluster: string;
  level: Level;
  /** The port (tab) that holds it: all of a port's subscriptions go when the port goes. */
  portId: string;
  onChange: (change: ClusterChange) => unknown;
}

export type ReceiveResult =
  | { kind: 'welcome' }
  /** The gateway granted a level whose names differ from the history held: ask again for all of it. */
  | { kind: 'resubscribe' }
  | { kind: 'error'; code: string; message: string }
  | { kind: 'applied' };

function higher(a: Level, b: Level): Level {
  return LEVELS.indexOf(a) >= LEVELS.indexOf(b) ? a : b;
}

function lower(a: Level, b: Level): Level {
  return LEVELS.indexOf(a) <= LEVELS.indexOf(b) ? a : b;
}

const namesKind = (level: Level) => (level === 'summary' ? 'pseudonyms' : 'real');

export class GatewaySession {
  private readonly states = new Map<string, ClusterState>();
  private readonly subscribers = new Map<string, Subscriber>();
  /** Levels granted by the last welcome, kept across reconnects to ask for the right history. */
  private readonly granted = new Map<string, Level>();
  /** Time of the last live sample per cluster on the current connection (continuity). */
  private readonly liveTimes = new Map<string, number>();
  private readonly pollSeconds = new Map<string, number>();
  /** Clusters whose snapshot changed since the last save. */
  readonly unsaved = new Set<string>();
  clusterInfos: ClusterInfo[] = [];

  constructor(
    readonly gateway: string,
    private readonly store: HistoryStore,
    private readonly onError: (error: unknown) => void = () => {},
    /** Called after every message that changed a snapshot or the history (the hub then saves). */
    private readonly onApplied: () => void = () => {},
  ) {}

  private state(cluster: string): ClusterState {
    let state = this.states.get(cluster);
    if (!state) this.states.set(cluster, (state = new ClusterState(cluster)));
    return state;
  }

  /** A snapshot saved before a reload: painted at once, and resumed from by the hello. Until the
   * gateway's welcome says otherwise, the restored clusters are the ones it shows (restore them in
   * its order): a page lists its rows before any socket opens. */
  restore(label: string, level: Level, snapshot: Snapshot): void {
    const state = this.state(snapshot.cluster);
    state.label = label;
    state.level = level;
    state.snapshot = snapshot;
    if (!this.clusterInfos.some((info) => info.name === snapshot.cluster)) {
      this.clusterInfos = [...this.clusterInfos, { name: snapshot.cluster, label, level }];
    }
  }

  view(cluster: string): ClusterView | null {
    return this.states.get(cluster)?.view() ?? null;
  }

  /** The whole view a new subscriber at `level` would get now, or null when nothing is held. */
  initialChange(cluster: string, level: Level): ClusterChange | null {
    const initial = this.states.get(cluster)?.fullChange() ?? null;
    return initial && projectChange(initial, level);
  }

  /** Adds a subscriber; returns the whole view it gets first (null when nothing is held yet) and
   * whether the clusters or levels followed changed (a new hello is then due). */
  subscribe(subscriber: Subscriber): { initial: ClusterChange | null; changed: boolean } {
    const before = this.followed().get(subscriber.cluster);
    this.subscribers.set(subscriber.id, subscriber);
    const after = this.followed().get(subscriber.cluster);
    return { initial: this.initialChange(subscriber.cluster, subscriber.level), changed: before !== after };
  }

  /** Removes a subscriber; true when the clusters or levels followed changed. */
  unsubscribe(id: string): boolean {
    const subscriber = this.subscribers.get(id);
    if (!subscriber) return false;
    const before = this.followed().get(subscriber.cluster);
    this.subscribers.delete(id);
    return before !== this.followed().get(subscriber.cluster);
  }

  hasSubscriber(id: string): boolean {
    return this.subscribers.has(id);
  }

  subscriberIdsOfPort(portId: string): string[] {
    return [...this.subscribers.values()].filter((s) => s.portId === portId).map((s) => s.id);
  }

  /** Cluster → the highest level any subscriber wants. */
  followed(): Map<string, Level> {
    const levels = new Map<string, Level>();
    for (const s of this.subscribers.values()) levels.set(s.cluster, higher(levels.get(s.cluster) ?? s.level, s.level));
    return levels;
  }

  /** The hello for a (re)connection: per followed cluster, the snapshot and history held. */
  hello(token: string | null): HelloMessage {
    const subscriptions: Subscription[] = [];
    for (const [cluster, level] of this.followed()) {
      const expected = lower(level, this.granted.get(cluster) ?? level);
      const state = this.states.get(cluster);
      const sinceSeq = state?.snapshot && state.level === expected ? state.snapshot.seq : null;
      const storedLevel = this.store.storedLevel(this.gateway, cluster);
      const historySince =
        storedLevel !== null && namesKind(storedLevel) === namesKind(expected) ? this.store.newestTime(this.gateway, cluster) : null;
      subscriptions.push({ cluster, level, sinceSeq, historySince });
    }
    return { type: 'hello', client: CLIENT_NAME, token, subscriptions };
  }

  /** The socket closed: live samples of the next connection do not continue this one's. */
  connectionLost(): void {
    this.liveTimes.clear();
  }

  private notify(cluster: string, change: ClusterChange): void {
    for (const subscriber of this.subscribers.values()) {
      if (subscriber.cluster !== cluster) continue;
      try {
        // A comlink callback returns a promise; a tab that went away just never answers.
        Promise.resolve(subscriber.onChange(projectChange(change, subscriber.level))).catch(this.onError);
      } catch (error) {
        this.onError(error);
      }
    }
  }

  private storeLive(cluster: string, level: Level, snapshot: Snapshot): void {
    const previous = this.liveTimes.get(cluster) ?? null;
    const step = this.pollSeconds.get(cluster) ?? (previous !== null ? Math.min(MAX_LIVE_STEP, snapshot.time - previous) : DEFAULT_POLL_SECONDS);
    this.store.addLiveSample(this.gateway, cluster, level, sampleOfSnapshot(snapshot, Math.max(1, step)), previous);
  }

  /** Applies one decoded message. Throws (ProtocolError or WorkerFailure) when it does not fit;
   * the caller counts a bad frame and resyncs, and nothing of the message has landed. */
  receive(message: Message): ReceiveResult {
    const result = this.apply(message);
    if (result.kind === 'applied') this.onApplied();
    return result;
  }

  private apply(message: Message): ReceiveResult {
    switch (message.type) {
      case 'welcome': {
        this.clusterInfos = message.clusters;
        let resubscribe = false;
        const followed = this.followed();
        for (const info of message.clusters) {
          const before = this.granted.get(info.name);
          this.granted.set(info.name, info.level);
          const state = this.states.get(info.name);
          if (state) state.label = info.label;
          const wanted = followed.get(info.name);
          if (wanted && before !== undefined && namesKind(lower(wanted, before)) !== namesKind(lower(wanted, info.level))) resubscribe = true;
        }
        return resubscribe ? { kind: 'resubscribe' } : { kind: 'welcome' };
      }
      case 'snapshot': {
        const { snapshot, level } = message;
        const state = this.state(snapshot.cluster);
        const info = this.clusterInfos.find((c) => c.name === snapshot.cluster);
        if (info) state.label = info.label;
        const change = state.applySnapshot(level, snapshot, (next) => this.storeLive(next.cluster, level, next));
        this.liveTimes.set(snapshot.cluster, snapshot.time);
        this.unsaved.add(snapshot.cluster);
        this.notify(snapshot.cluster, change);
        return { kind: 'applied' };
      }
      case 'delta': {
        const { delta } = message;
        const state = this.states.get(delta.cluster);
        if (!state) throw new ProtocolError('seq-mismatch', `delta for ${delta.cluster}, which has no snapshot`);
        const change = state.applyDelta(delta, (next) => this.storeLive(next.cluster, state.level, next));
        this.liveTimes.set(delta.cluster, delta.time);
        this.unsaved.add(delta.cluster);
        this.notify(delta.cluster, change);
        return { kind: 'applied' };
      }
      case 'status': {
        const state = this.state(message.cluster);
        // Data that stopped coming is a gap: the last sample must not be stretched across it.
        if (message.status.health !== 'ok') this.liveTimes.delete(message.cluster);
        this.unsaved.add(message.cluster);
        this.notify(message.cluster, state.applyStatus(message.status, message.time));
        return { kind: 'applied' };
      }
      case 'history': {
        const { block } = message;
        const state = this.states.get(block.cluster);
        const level = state?.snapshot ? state.level : lower(this.followed().get(block.cluster) ?? 'summary', this.granted.get(block.cluster) ?? 'jobs');
        this.store.addBlock(this.gateway, level, block);
        if (block.step < MAX_LIVE_STEP) this.pollSeconds.set(block.cluster, block.step);
        const snapshot = state?.snapshot;
        if (snapshot) this.notify(block.cluster, { cluster: block.cluster, seq: snapshot.seq, time: snapshot.time, history: true });
        return { kind: 'applied' };
      }
      case 'resume': {
        const state = this.states.get(message.cluster);
        if (!state?.snapshot || state.snapshot.seq !== message.seq) {
          throw new ProtocolError('seq-mismatch', `resume of ${message.cluster} at ${message.seq}, which is not held`);
        }
        state.level = message.level;
        return { kind: 'applied' };
      }
      case 'error':
        return { kind: 'error', code: message.code, message: message.message };
      default:
        throw new WorkerFailure('unexpected-message', `a gateway never sends ${message.type}`);
    }
  }

  /** Forgets the snapshot of a cluster so that the next hello asks for a full one. */
  forgetSnapshot(cluster: string): void {
    const state = this.states.get(cluster);
    if (state) state.snapshot = null;
  }

  /** Snapshots to save, with their labels, levels and places in the gateway's list. */
  takeUnsaved(): { label: string; level: Level; snapshot: Snapshot; position?: number }[] {
    const out: { label: string; level: Level; snapshot: Snapshot; position?: number }[] = [];
    for (const cluster of this.unsaved) {
      const state = this.states.get(cluster);
      if (!state?.snapshot) continue;
      const position = this.clusterInfos.findIndex((info) => info.name === cluster);
      out.push({ label: state.label, level: state.level, snapshot: state.snapshot, ...(position >= 0 ? { position } : {}) });
    }
    this.unsaved.clear();
    return out;
  }
}
