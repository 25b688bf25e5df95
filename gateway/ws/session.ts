/**
 * One browser connection, as plain logic: frames in, frames out through a ClientSocket. The
 * uWebSockets.js adapter (ws-route.ts) makes one Session per upgrade and keeps it in the socket's
 * user data, so a connection costs this object and little else.
 *
 * The conversation: the client's first frame is `hello` (and it may send another to change its
 * subscriptions). The gateway answers `welcome`, then every subscription's snapshot (or `resume`
 * when the client already holds the current seq), then each one's history blocks it lacks, then
 * subscribes it to the topics, which streams deltas and status changes. Anything else — a frame that does not
 * decode, a text frame, a frame that is not `hello`, too many frames, a wrong token — gets one
 * `error` frame with a code and a close. Nothing a client sends can throw out of here.
 *
 * The answer to a hello goes out a turn at a time (paced-answer.ts), so a large history costs no
 * lasting memory per connection. The connection is subscribed only once the whole answer is out;
 * if a topic published meanwhile, its join frame (a fresh snapshot) is sent again first, so the
 * client never misses a delta and no published frame falls between two fragments.
 */
import { encodeMessage } from '../../protocol/frame.ts';
import type { HelloMessage, Subscription } from '../../protocol/messages.ts';
import type { AccessGrant } from '../access/access-grant.ts';
import type { Topic } from '../fanout/topic.ts';
import { readClientFrame } from './client-frame.ts';
import type { ClientSocket } from './client-socket.ts';
import { CloseCode } from './close-codes.ts';
import type { SessionContext } from './session-context.ts';
import { PacedAnswer } from './paced-answer.ts';
import { takeToken, type BucketState } from './token-bucket.ts';

const NO_TOPICS: readonly string[] = [];

/** Turns of an answer sent in one go from setImmediate (12 KB each). */
const MAX_TURNS = 32;

/** Rounds of re-sent join frames before a client too slow for its topics is let go. */
const MAX_REJOINS = 8;

interface Join {
  topic: Topic;
  /** The topic's version when its join frames were made. */
  version: number;
}

/** A hello being answered: the frames still to send, and what to subscribe once they are out. */
interface PendingAnswer {
  answer: PacedAnswer;
  joins: Join[];
  rejoins: number;
  /** A newer hello that arrived meanwhile; answered next (only the latest counts). */
  next: HelloMessage | null;
  scheduled: boolean;
}

export class Session implements BucketState {
  private socket: ClientSocket | null = null;
  /** Names of the topics this connection is subscribed to. */
  private topics: readonly string[] = NO_TOPICS;
  /** Set while a hello's answer is going out (null for an idle connection). */
  private pending: PendingAnswer | null = null;
  /** The rate limit's bucket (token-bucket.ts), kept in this object. */
  milliTokens: number;
  updatedAtMs: number;

  // Kept as plain fields (no object per connection beyond this one): at 10,000 idle clients
  // every field is 80 KB.
  constructor(
    private readonly context: SessionContext,
    /** A token from `?token=` or `Sec-WebSocket-Protocol`, used when the hello carries none. */
    private readonly upgradeToken: string | null,
    /** The grant a trusted reverse proxy's headers gave, worked out at the upgrade. */
    private readonly proxyGrant: AccessGrant | null,
  ) {
    this.milliTokens = context.rateLimit.burst * 1000;
    this.updatedAtMs = Math.floor(context.now());
  }

  /** The socket is open: frames may flow. */
  open(socket: ClientSocket): void {
    this.socket = socket;
  }

  /** The socket closed (the close handler): nothing may be sent any more. */
  closed(): void {
    this.socket = null;
    this.topics = NO_TOPICS;
    this.pending = null;
  }

  /** The socket's backlog drained (uWS `drain`): the answer may go on. */
  drained(): void {
    this.guarded(() => this.pump());
  }

  get isOpen(): boolean {
    return this.socket !== null;
  }

  /** A frame from the client. `bytes` is valid only during this call (uWS neuters it after). */
  receive(bytes: Uint8Array, isBinary: boolean): void {
    if (!this.socket) return;
    if (!takeToken(this, this.context.rateLimit, this.context.now())) {
      this.refuse('rate-limited', 'too many frames; slow down and reconnect', CloseCode.PolicyViolation);
      return;
    }
    const frame = readClientFrame(bytes, isBinary, this.context.maxInflatedBytes);
    if ('refusal' in frame) {
      this.refuse(frame.refusal.code, frame.refusal.message, frame.refusal.closeCode);
      return;
    }
    const message = frame.hello;
    this.guarded(() => this.hello(message));
  }

  private hello(hello: HelloMessage): void {
    if (this.pending) {
      this.pending.next = hello;
      return;
    }
    const context = this.context;
    const access = context.access.resolve({ token: hello.token ?? this.upgradeToken, proxyGrant: this.proxyGrant });
    if ('error' in access) {
      context.counters.unauthorized();
      this.refuse(access.error.code, access.error.message, CloseCode.PolicyViolation, false);
      return;
    }
    const grant = access.grant;

    // One subscription per cluster; a later one for the same cluster wins.
    const byCluster = new Map<string, Subscription>();
    for (const subscription of hello.subscriptions) byCluster.set(subscription.cluster, subscription);
    if (byCluster.size > context.maxSubscriptions) {
      this.refuse('too-many-subscriptions', `at most ${context.maxSubscriptions} clusters per connection`, CloseCode.PolicyViolation);
      return;
    }

    // Clusters the grant does not cover are left out silently: the welcome lists what was granted.
    const joins: Array<{ subscription: Subscription; topic: Topic }> = [];
    for (const subscription of byCluster.values()) {
      const view = grant.viewFor(subscription.cluster, subscription.level);
      const topic = view && context.hub.topic(subscription.cluster, view);
      if (topic) joins.push({ subscription, topic });
    }
    const levels = grant.clusters.map((name) => (joins.find((join) => join.topic.cluster === name)?.topic.view ?? grant.granted(name)!).level);

    // Topics no longer wanted stop now; the new ones start once the whole answer is out.
    const socket = this.socket!;
    const wanted = new Set(joins.map((join) => join.topic.name));
    for (const name of this.topics) if (!wanted.has(name)) socket.unsubscribe(name);
    this.topics = this.topics.filter((name) => wanted.has(name));

    // Every cluster's current state first (what a page paints), then the histories, each read and
    // encoded only when the answer reaches it: the last cluster's snapshot never waits for the
    // first cluster's week of samples.
    const frames = [context.welcomes.frame(grant, levels)];
    for (const { subscription, topic } of joins) frames.push(...topic.joinFrames(subscription.sinceSeq));
    this.pending = {
      answer: new PacedAnswer(this.answerFrames(frames, joins)),
      joins: joins.map(({ topic }) => ({ topic, version: topic.version })),
      rejoins: 0,
      next: null,
      scheduled: false,
    };
    context.log.debug({ who: grant.who, client: hello.client, topics: [...wanted] }, 'hello');
    this.pump();
  }

  /**
   * Sends the next turns of the pending answer, and subscribes once it is all out. Inside a uWS
   * handler (hello, drain) one turn only: uWS may hold the socket corked there, and a second turn
   * would overflow the cork buffer. From setImmediate, as many turns as the kernel takes, up to
   * MAX_TURNS, so one big answer does not hold up the other connections.
   */
  private pump(maxTurns = 1): void {
    const pending = this.pending;
    const socket = this.socket;
    if (!pending || !socket) return;
    pending.scheduled = false;
    const sent = (bytes: number) => this.context.counters.sent(bytes);
    for (let turn = 0; turn < maxTurns && !pending.answer.done; turn++) {
      if (socket.getBufferedAmount() > 0) return; // drained() calls again
      // A newer hello replaces the subscriptions this answer was for: what is left of it (mostly
      // history, which the newer answer sends again if still wanted) gives way, once no frame is
      // half sent. (A page whose rows subscribe in two waves would otherwise wait for every
      // history of the first wave before the second wave's snapshots.)
      if (pending.next && !pending.answer.midFrame) return this.supersede(pending);
      socket.cork(() => pending.answer.writeTurn(socket, sent));
      if (this.socket !== socket) return; // closed meanwhile (backpressure limit)
    }
    if (!pending.answer.done) return this.continueLater(pending);

    const stale = pending.joins.filter((join) => join.topic.version !== join.version);
    if (stale.length > 0) {
      if (++pending.rejoins > MAX_REJOINS) {
        this.refuse('too-slow', 'the connection cannot keep up with its clusters; reconnect later', CloseCode.TryAgainLater);
        return;
      }
      // The client holds the join snapshot of an older version: a fresh one replaces it.
      const frames = stale.flatMap((join) => {
        join.version = join.topic.version;
        return join.topic.joinFrames(null);
      });
      pending.answer = new PacedAnswer(frames);
      return this.continueLater(pending);
    }

    socket.cork(() => {
      for (const { topic } of pending.joins) socket.subscribe(topic.name);
    });
    this.topics = pending.joins.map((join) => join.topic.name);
    this.pending = null;
    if (pending.next) this.hello(pending.next);
  }

  private supersede(pending: PendingAnswer): void {
    this.pending = null;
    this.hello(pending.next!);
  }

  private continueLater(pending: PendingAnswer): void {
    if (this.socket!.getBufferedAmount() > 0 || pending.scheduled) return;
    pending.scheduled = true;
    setImmediate(() => {
      if (this.pending === pending) this.guarded(() => this.pump(MAX_TURNS));
    });
  }

  /** Runs gateway code on behalf of this connection: a bug of ours costs the connection, never the
   * process (uWS rethrows what a handler throws). */
  private guarded(work: () => void): void {
    try {
      work();
    } catch (error) {
      this.context.log.error({ err: error }, 'answering a client failed');
      if (this.socket) this.refuse('internal', 'the gateway could not answer; try again', CloseCode.InternalError, false);
    }
  }

  private *answerFrames(first: Uint8Array[], joins: ReadonlyArray<{ subscription: Subscription; topic: Topic }>): Generator<Uint8Array> {
    yield* first;
    for (const { subscription, topic } of joins) yield* this.historyFrames(subscription, topic);
  }

  private historyFrames(subscription: Subscription, topic: Topic): Uint8Array[] {
    try {
      return this.context.historyFrames.frames(topic, subscription.historySince);
    } catch (error) {
      // Live data matters more than old samples: the client still gets its snapshot and stream.
      this.context.log.error({ err: error, cluster: topic.cluster }, 'history unavailable');
      return [];
    }
  }

  private send(frame: Uint8Array): void {
    this.socket!.send(frame, true);
    this.context.counters.sent(frame.length);
  }

  /** One error frame, then close (no frame in the middle of a fragmented one: only the close). */
  private refuse(code: string, message: string, closeCode: number, badFrame = true): void {
    const socket = this.socket!;
    if (badFrame) this.context.counters.badFrame(code);
    const midFrame = this.pending?.answer.midFrame ?? false;
    socket.cork(() => {
      if (!midFrame) this.send(encodeMessage({ type: 'error', code, message }));
      socket.end(closeCode, code);
    });
  }
}
