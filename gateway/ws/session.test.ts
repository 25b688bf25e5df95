// Session logic over a recording socket; ws-route.test.ts runs the same conversation through real
// uWebSockets.js and real WebSocket clients.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { encodeMessage } from '../../protocol/frame.ts';
import { TOTAL_METRICS, USAGE_METRICS, type HistoryBlock } from '../../protocol/history.ts';
import type { HelloMessage, Subscription } from '../../protocol/messages.ts';
import type { Level } from '../../protocol/model.ts';
import type { Scope } from '../config/config-types.ts';
import { FrameFlag } from '../../protocol/opcodes.ts';
import { AccessResolver } from '../access/resolve-access.ts';
import type { HistorySource } from '../cluster-feed.ts';
import { ClusterHub } from '../fanout/cluster-hub.ts';
import { historyBlock } from '../testing/history-blocks.ts';
import { nextSnapshot, sampleSnapshot, SAMPLE_USERS } from '../testing/sample-cluster.ts';
import { StreamClient } from '../testing/stream-client.ts';
import { Pseudonyms } from '../views/pseudonyms.ts';
import type { ClientSocket } from './client-socket.ts';
import { HistoryFrames } from './history-frames.ts';
import { TURN_BUDGET } from './paced-answer.ts';
import { CloseCode } from './close-codes.ts';
import { Session } from './session.ts';
import type { SessionContext } from './session-context.ts';
import { WelcomeFrames } from './welcome-frames.ts';

class RecordingSocket implements ClientSocket {
  readonly client = new StreamClient();
  readonly topics = new Set<string>();
  closedWith: { code: number; reason: string } | null = null;
  /** Sizes of what was written per cork, to see the answer paced. */
  readonly turns: number[] = [];
  fragments = 0;
  private fragmented: Uint8Array[] | null = null;
  constructor(private readonly onEnd: () => void) {}
  send(message: Uint8Array): number {
    assert.equal(this.fragmented, null, 'a whole message between two fragments');
    this.turns[this.turns.length - 1]! += message.length;
    this.client.receive(message.slice());
    return 1;
  }
  sendFirstFragment(message: Uint8Array): boolean {
    assert.equal(this.fragmented, null, 'a new message between two fragments');
    this.fragmented = [message.slice()];
    this.fragments++;
    this.turns[this.turns.length - 1]! += message.length;
    return true;
  }
  sendFragment(message: Uint8Array): boolean {
    this.fragmented!.push(message.slice());
    this.fragments++;
    this.turns[this.turns.length - 1]! += message.length;
    return true;
  }
  sendLastFragment(message: Uint8Array): boolean {
    this.fragmented!.push(message.slice());
    this.fragments++;
    this.turns[this.turns.length - 1]! += message.length;
    this.client.receive(Buffer.concat(this.fragmented!));
    this.fragmented = null;
    return true;
  }
  getBufferedAmount(): number {
    return 0;
  }
  subscribe(topic: string): boolean {
    this.topics.add(topic);
    return true;
  }
  unsubscribe(topic: string): boolean {
    return this.topics.delete(topic);
  }
  end(code: number, reason: string): void {
    this.closedWith = { code, reason };
    this.onEnd();
  }
  cork(write: () => void): void {
    this.turns.push(0);
    write();
  }
}

const block: HistoryBlock = {
  cluster: 'alpha',
  step: 60,
  times: [100, 160],
  totals: Object.fromEntries(TOTAL_METRICS.map((m) => [m, [1, 2]])) as HistoryBlock['totals'],
  series: [
    {
      dimension: 'user',
      name: 'zelda.quinn',
      at: [0, 1],
      values: Object.fromEntries(USAGE_METRICS.map((m) => [m, [3, 4]])) as HistoryBlock['series'][0]['values'],
    },
  ],
};

function setup(
  options: {
    rate?: { burst: number; perSecond: number };
    brokenWelcome?: boolean;
    anonymous?: Scope | null;
    blocks?: HistoryBlock[];
    betaHistory?: boolean;
  } = {},
) {
  let clock = 0;
  const historyAsked: Array<[string, number | null]> = [];
  const history: HistorySource = {
    history: (cluster, since) => {
      historyAsked.push([cluster, since]);
      if (cluster === 'beta') return options.betaHistory ? [{ ...block, cluster: 'beta' }] : [];
      return options.blocks ?? [block];
    },
    lastSnapshot: () => null,
  };
  const clusters = [
    { name: 'alpha', label: 'Alpha', pollInterval: 60, agent: { kind: 'direct' as const, url: 'tcp://127.0.0.1:1' } },
    { name: 'beta', label: 'Beta', pollInterval: 60, agent: { kind: 'direct' as const, url: 'tcp://127.0.0.1:2' } },
  ];
  const pseudonyms = new Pseudonyms(Buffer.alloc(32, 2));
  const hub = new ClusterHub({ clusters, publisher: { publish: () => {} }, pseudonyms, deflate: false });
  hub.snapshot('alpha', sampleSnapshot({ cluster: 'alpha', seq: 7 }));
  hub.snapshot('beta', sampleSnapshot({ cluster: 'beta', seq: 3 }));
  const badFrames: string[] = [];
  const context: SessionContext = {
    hub,
    access: new AccessResolver({
      clusters,
      tokens: [{ name: 'ops', token: 'ops-token', clusters: ['alpha'], level: 'jobs', pseudonyms: false, top: 10 }],
      anonymous: options.anonymous === undefined ? { clusters: '*', level: 'summary', pseudonyms: true, top: 2 } : options.anonymous,
      trustedProxy: null,
    }),
    historyFrames: new HistoryFrames(history, pseudonyms, false),
    rateLimit: options.rate ?? { burst: 5, perSecond: 1 },
    maxInflatedBytes: 4096,
    maxSubscriptions: 8,
    welcomes: new WelcomeFrames('webstat-gateway/test', (name) => hub.cluster(name)?.label ?? name, false),
    counters: { sent: () => {}, badFrame: (code) => badFrames.push(code), unauthorized: () => {} },
    log: pino({ level: 'silent' }),
    now: () => clock,
  };
  if (options.brokenWelcome) {
    context.welcomes = { frame: () => { throw new Error('a bug'); } } as unknown as WelcomeFrames;
  }
  const connect = (token: string | null = null) => {
    const session = new Session(context, token, null);
    const socket = new RecordingSocket(() => session.closed());
    session.open(socket);
    return { session, socket };
  };
  return { connect, badFrames, historyAsked, hub, pseudonyms, advance: (ms: number) => (clock += ms) };
}

const ADMIN = 'ops-token';

function hello(token: string | null, subscriptions: Array<Partial<Subscription> & { cluster: string; level: Level }>): Uint8Array {
  const message: HelloMessage = {
    type: 'hello',
    client: 'session-test',
    token,
    subscriptions: subscriptions.map((s) => ({ sinceSeq: null, historySince: null, ...s })),
  };
  return encodeMessage(message, { deflate: false });
}

async function answered(session: Session): Promise<void> {
  for (let turn = 0; turn < 10_000 && (session as unknown as { pending: unknown }).pending; turn++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('Session', () => {
  it('answers hello with welcome, snapshot and history, then subscribes', () => {
    const { connect, historyAsked } = setup();
    const { session, socket } = connect();
    session.receive(hello('ops-token', [{ cluster: 'alpha', level: 'jobs', historySince: 160 }]), true);
    assert.deepEqual(socket.client.messages.map((m) => m.type), ['welcome', 'snapshot', 'history']);
    // beta is not the token's, but anyone may see its summary, so a token holder may too.
    assert.deepEqual(socket.client.welcome!.clusters, [
      { name: 'alpha', label: 'Alpha', level: 'jobs' },
      { name: 'beta', label: 'Beta', level: 'summary' },
    ]);
    assert.deepEqual([...socket.topics], ['alpha:jobs']);
    assert.deepEqual(historyAsked, [['alpha', 160]]);
  });

  it('sends every snapshot before any history', async () => {
    const { connect } = setup({ betaHistory: true });
    const { session, socket } = connect();
    session.receive(
      hello(ADMIN, [
        { cluster: 'alpha', level: 'jobs' },
        { cluster: 'beta', level: 'summary' },
      ]),
      true,
    );
    await answered(session);
    // What a page paints from comes first; the histories (the bulk of an answer) after it.
    assert.deepEqual(socket.client.messages.map((m) => m.type), ['welcome', 'snapshot', 'snapshot', 'history', 'history']);
    assert.deepEqual(socket.client.history.map((b) => b.cluster), ['alpha', 'beta']);
    assert.deepEqual([...socket.topics].sort(), ['alpha:jobs', 'beta:summary-top2']);
  });

  it('grants the lesser of asked and allowed, and filters history the same way', () => {
    const { connect } = setup();
    const { session, socket } = connect();
    session.receive(hello(null, [{ cluster: 'alpha', level: 'jobs' }, { cluster: 'beta', level: 'summary' }]), true);
    assert.deepEqual(socket.client.welcome!.clusters.map((c) => c.level), ['summary', 'summary']);
    assert.deepEqual([...socket.topics].sort(), ['alpha:summary-top2', 'beta:summary-top2']);
    for (const user of SAMPLE_USERS) assert.ok(!socket.client.text.includes(user), user);
    assert.equal(socket.client.history.length, 1);
  });

  it('leaves out clusters the grant does not cover', () => {
    const { connect } = setup({ anonymous: null });
    const { session, socket } = connect();
    session.receive(hello('ops-token', [{ cluster: 'beta', level: 'jobs' }, { cluster: 'nowhere', level: 'jobs' }]), true);
    assert.deepEqual(socket.client.welcome!.clusters.map((c) => c.name), ['alpha']);
    assert.deepEqual(socket.topics.size, 0);
  });

  it('resumes a client that holds the current seq', () => {
    const { connect } = setup();
    const { session, socket } = connect();
    session.receive(hello(null, [{ cluster: 'alpha', level: 'summary', sinceSeq: 7 }]), true);
    assert.deepEqual(socket.client.messages.map((m) => m.type), ['welcome', 'resume', 'status', 'history']);
  });

  it('moves subscriptions on a second hello', () => {
    const { connect } = setup();
    const { session, socket } = connect();
    session.receive(hello(null, [{ cluster: 'alpha', level: 'summary' }]), true);
    session.receive(hello(null, [{ cluster: 'beta', level: 'summary' }]), true);
    assert.deepEqual([...socket.topics], ['beta:summary-top2']);
  });

  it('refuses a wrong token with unauthorized and a close', () => {
    const { connect } = setup();
    const { session, socket } = connect();
    session.receive(hello('guess', [{ cluster: 'alpha', level: 'jobs' }]), true);
    assert.deepEqual(socket.client.messages.map((m) => m.type), ['error']);
    assert.equal(socket.client.ofType('error')[0]!.code, 'unauthorized');
    assert.equal(socket.closedWith?.code, CloseCode.PolicyViolation);
    assert.equal(session.isOpen, false);
  });

  it('refuses malformed frames with the protocol error code, never throwing', () => {
    const cases: Array<[Uint8Array, boolean, string]> = [
      [new Uint8Array([9, 1, 0]), true, 'unsupported-version'],
      [new Uint8Array([1]), true, 'truncated'],
      [new Uint8Array([1, 0x7e, 0]), true, 'unknown-opcode'],
      [hello(null, [{ cluster: 'alpha', level: 'jobs' }]).subarray(0, 12), true, 'bad-length'],
      [new TextEncoder().encode('{"hello":1}'), false, 'bad-frame'],
      [encodeMessage({ type: 'error', code: 'x', message: 'y' }), true, 'unexpected-message'],
      // A compressed frame claiming to inflate past the limit is refused before inflating.
      [new Uint8Array([1, 1, FrameFlag.Deflate, 0x80, 0x80, 0x04, 0, 0]), true, 'frame-too-large'],
    ];
    for (const [bytes, binary, code] of cases) {
      const { connect, badFrames } = setup();
      const { session, socket } = connect();
      assert.doesNotThrow(() => session.receive(bytes, binary));
      assert.equal(socket.client.ofType('error')[0]?.code, code, `frame ${[...bytes.subarray(0, 4)]}`);
      assert.ok(socket.closedWith, 'closed');
      assert.deepEqual(badFrames, [code]);
    }
  });

  it('answers a failure of its own with an internal error and a close, not a crash', () => {
    const { connect } = setup({ brokenWelcome: true });
    const { session, socket } = connect();
    assert.doesNotThrow(() => session.receive(hello(null, [{ cluster: 'alpha', level: 'summary' }]), true));
    assert.equal(socket.client.ofType('error')[0]?.code, 'internal');
    assert.equal(socket.closedWith?.code, CloseCode.InternalError);
  });

  it('sends a large answer a turn at a time, in fragments, and subscribes once it is all out', async () => {
    const blocks = [historyBlock('alpha', 60, 600)];
    const { connect } = setup({ blocks });
    const { session, socket } = connect();
    session.receive(hello(ADMIN, [{ cluster: 'alpha', level: 'jobs' }]), true);
    assert.equal(socket.topics.size, 0, 'not subscribed before the answer is out');
    await answered(session);
    assert.deepEqual([...socket.topics], ['alpha:jobs']);
    assert.ok(socket.fragments > 10, `${socket.fragments} fragments`);
    assert.ok(Math.max(...socket.turns) <= TURN_BUDGET, `largest turn ${Math.max(...socket.turns)} bytes`);
    assert.deepEqual(socket.client.history, blocks);
    assert.deepEqual(socket.client.messages.map((m) => m.type), ['welcome', 'snapshot', 'history']);
  });

  it('re-sends the snapshot of a topic that moved on while the answer went out', async () => {
    const { connect, hub } = setup({ blocks: [historyBlock('alpha', 40, 400)] });
    const { session, socket } = connect();
    session.receive(hello(ADMIN, [{ cluster: 'alpha', level: 'jobs' }]), true);
    hub.snapshot('alpha', nextSnapshot(hub.cluster('alpha')!.snapshot!));
    await answered(session);
    assert.deepEqual(socket.client.messages.map((m) => m.type), ['welcome', 'snapshot', 'history', 'snapshot']);
    assert.deepEqual(socket.client.snapshots.get('alpha'), hub.cluster('alpha')!.snapshot);
    assert.deepEqual([...socket.topics], ['alpha:jobs']);
  });

  it('answers a hello that arrives during an answer with the latest subscriptions, dropping the rest of the old answer', async () => {
    const { connect } = setup({ blocks: [historyBlock('alpha', 40, 400)] });
    const { session, socket } = connect();
    session.receive(hello(null, [{ cluster: 'alpha', level: 'summary' }]), true);
    session.receive(hello(null, [{ cluster: 'beta', level: 'summary' }]), true);
    session.receive(hello(null, [{ cluster: 'beta', level: 'users' }]), true);
    await answered(session);
    // alpha's history (a turn of its own) never went out: beta's answer came instead.
    assert.deepEqual(socket.client.messages.map((m) => m.type), ['welcome', 'snapshot', 'welcome', 'snapshot']);
    assert.deepEqual([...socket.topics], ['beta:summary-top2']);
  });

  it('finishes a frame half sent before answering a newer hello', async () => {
    const blocks = [historyBlock('alpha', 60, 600), historyBlock('alpha', 60, 600, 1_796_000_000)];
    const { connect } = setup({ blocks });
    const { session, socket } = connect();
    session.receive(hello(ADMIN, [{ cluster: 'alpha', level: 'jobs' }]), true);
    // The first history block goes out in fragments, a turn at a time: wait until it has begun.
    for (let turn = 0; turn < 100 && socket.fragments === 0; turn++) await new Promise((resolve) => setImmediate(resolve));
    assert.ok(socket.fragments > 0, 'the history never started');
    session.receive(hello(ADMIN, [{ cluster: 'alpha', level: 'jobs' }, { cluster: 'beta', level: 'summary' }]), true);
    await answered(session);
    const types = socket.client.messages.map((m) => m.type);
    // The block under way arrived whole (the client decoded it); the second block of the old
    // answer gave way to the new answer, which sends both blocks again.
    assert.deepEqual(types.slice(0, 4), ['welcome', 'snapshot', 'history', 'welcome']);
    assert.deepEqual(socket.client.history.slice(1), blocks);
    assert.deepEqual([...socket.topics].sort(), ['alpha:jobs', 'beta:summary-top2']);
  });

  it('rate-limits frames with a token bucket', () => {
    const { connect, advance } = setup({ rate: { burst: 3, perSecond: 1 } });
    const { session, socket } = connect();
    for (let i = 0; i < 3; i++) session.receive(hello(null, []), true);
    advance(1000);
    session.receive(hello(null, []), true);
    assert.equal(session.isOpen, true);
    session.receive(hello(null, []), true);
    assert.equal(socket.client.ofType('error')[0]?.code, 'rate-limited');
    assert.equal(session.isOpen, false);
    assert.equal(socket.closedWith?.code, CloseCode.PolicyViolation);
  });
});
