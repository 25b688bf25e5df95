/**
 * The agent behind a real ZeroMQ REP socket, asked by real REQ sockets: the whole service with
 * the real collector, parsers and fake qstat/pbsnodes processes, plus the bind rules.
 */
import assert from 'node:assert/strict';
import { chmodSync } from 'node:fs';
import { after, test } from 'node:test';
import { curveKeyPair, Request } from 'zeromq';
import { decodeMessage, encodeMessage } from '../../protocol/frame.ts';
import type { Message } from '../../protocol/messages.ts';
import type { AgentConfig } from '../config/agent-config.ts';
import { parseOutput } from '../formats.ts';
import { FakeSchedulerSession, FIXTURES } from '../testing/fake-scheduler-session.ts';
import { startAgentService, type AgentService } from './agent-service.ts';
import { readCurveKeys } from './curve-keys.ts';
import { startZmqService, type ZmqService } from './zmq-service.ts';

const session = new FakeSchedulerSession({
  'qstat -f -t -F json': { stdoutFile: `${FIXTURES}pbspro/qstat_xf_json_buildtest_held_19.txt` },
  'pbsnodes -a -F json': { stdoutFile: `${FIXTURES}pbspro/pbsnodes_a_json_alcf_polaris_2022_excerpt.txt` },
  'qstat -Q -f -F json': { stdoutFile: `${FIXTURES}pbspro/qstat_Qf_json_it4i_barbora_20.txt` },
});
const open: { close(): unknown }[] = [];
after(async () => {
  for (const thing of open.reverse()) await thing.close();
  session.close();
});

function config(bind = 'tcp://127.0.0.1:0'): AgentConfig {
  return {
    file: null,
    cluster: 'hpc1',
    flavour: 'pbspro',
    intervalSeconds: 60,
    commandTimeoutSeconds: 20,
    bind,
    timeZone: 'UTC',
    commands: { qstat: 'qstat', pbsnodes: 'pbsnodes', showq: null },
    curve: null,
    logLevel: 'silent',
  };
}

function client(endpoint: string, options: ConstructorParameters<typeof Request>[0] = {}): Request {
  const socket = new Request({ receiveTimeout: 30_000, linger: 0, ...options });
  socket.connect(endpoint);
  open.push(socket);
  return socket;
}

async function ask(socket: Request, frame: Uint8Array): Promise<Message> {
  await socket.send(frame);
  const [reply] = await socket.receive();
  return decodeMessage(reply!);
}

const request = (want: 'hello' | 'snapshot' | 'delta' | 'status', sinceSeq: number | null = null) =>
  encodeMessage({ type: 'agent-request', want, sinceSeq });

let service: AgentService;

test('binds loopback port 0 and reports the real port', async () => {
  service = await startAgentService({ config: config(), parse: parseOutput, curve: null, env: session.env });
  open.push(service);
  assert.match(service.endpoint, /^tcp:\/\/127\.0\.0\.1:\d+$/);
  assert.notEqual(service.endpoint, 'tcp://127.0.0.1:0');
});

test('100 concurrent requests over ZeroMQ cause one collection', async () => {
  const sockets = Array.from({ length: 100 }, () => client(service.endpoint));
  const replies = await Promise.all(sockets.map((socket, i) => ask(socket, request(i % 3 === 0 ? 'status' : 'snapshot'))));
  assert.ok(replies.every((reply) => reply.type === 'snapshot' || reply.type === 'status'));
  const snapshot = replies.find((reply) => reply.type === 'snapshot');
  assert.equal(snapshot?.type === 'snapshot' && snapshot.snapshot.jobs[0]!.id, '157.pbs');
  assert.equal(service.loop.collections, 1);
  assert.deepEqual(session.calls(), ['qstat -f -t -F json', 'pbsnodes -a -F json', 'qstat -Q -f -F json']);
});

test('a malformed request gets an error reply, and the agent goes on answering', async () => {
  const socket = client(service.endpoint);
  const bad = await ask(socket, new Uint8Array([1, 0x10]));
  assert.equal(bad.type, 'error');
  assert.equal(bad.type === 'error' && bad.code, 'truncated');
  const garbage = await ask(socket, new TextEncoder().encode('GET / HTTP/1.1\r\n\r\n'));
  assert.equal(garbage.type, 'error');
  const hello = await ask(socket, request('hello'));
  assert.equal(hello.type === 'agent-info' && hello.cluster, 'hpc1');
  const current = await ask(socket, request('delta', service.store.current!.seq));
  assert.equal(current.type, 'status');
});

test('binding anything but loopback without CURVE keys is refused', async () => {
  for (const bind of ['tcp://0.0.0.0:0', 'tcp://192.0.2.10:7781', 'tcp://[::]:0']) {
    await assert.rejects(startZmqService({ bind, curve: null, handle: async (bytes) => bytes }), { code: 'insecure-bind' }, bind);
  }
  await assert.rejects(startZmqService({ bind: 'ipc:///tmp/agent.sock', curve: null, handle: async (bytes) => bytes }), { code: 'bad-bind' });
});

test('with CURVE keys a non-loopback bind works, for clients that know the server key only', async () => {
  const server = curveKeyPair();
  const publicKeyFile = session.file('agent.pub', `${server.publicKey}\n`);
  const secretKeyFile = session.file('agent.key', `# ZeroMQ certificate\ncurve\n    public-key = "${server.publicKey}"\n    secret-key = "${server.secretKey}"\n`);
  await assert.rejects(readCurveKeys(publicKeyFile, secretKeyFile), { code: 'curve-key-invalid' }, 'a secret key readable by others');
  chmodSync(secretKeyFile, 0o600);
  const keys = await readCurveKeys(publicKeyFile, secretKeyFile);
  assert.deepEqual(keys, server);

  const echo: ZmqService = await startZmqService({ bind: 'tcp://0.0.0.0:0', curve: keys, handle: async () => encodeMessage({ type: 'error', code: 'pong', message: '' }) });
  open.push(echo);
  const port = echo.endpoint.split(':').at(-1);
  const me = curveKeyPair();
  const trusted = client(`tcp://127.0.0.1:${port}`, { curveServerKey: server.publicKey, curvePublicKey: me.publicKey, curveSecretKey: me.secretKey });
  const reply = await ask(trusted, request('hello'));
  assert.equal(reply.type === 'error' && reply.code, 'pong');

  // A client without the keys gets nothing: the handshake fails and no request reaches the agent.
  // Whether the send or the receive gives up first depends on when ZeroMQ drops the connection.
  const plain = client(`tcp://127.0.0.1:${port}`, { receiveTimeout: 1000, sendTimeout: 1000 });
  const outcome = await plain
    .send(request('hello'))
    .then(() => plain.receive())
    .then(
      () => 'answered',
      (error: { code?: string }) => error.code,
    );
  assert.equal(outcome, 'EAGAIN');
});
