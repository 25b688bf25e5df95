import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test, type TestContext } from 'node:test';
import { FreezableProxy } from '../testing/freezable-proxy.ts';
import { generateKeyPair, TestSshServer, type SshKeyPair, type TestSshServerOptions } from '../testing/ssh-test-server.ts';
import { SshTunnel, type SshTunnelOptions, type TunnelState } from './ssh-tunnel.ts';

const execFileAsync = promisify(execFile);
let dir: string;
let clientKey: SshKeyPair;
let identityFile: string;
let echo: Server;
let echoPort: number;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'webstat-tunnel-'));
  clientKey = generateKeyPair();
  identityFile = join(dir, 'id_ed25519');
  writeFileSync(identityFile, clientKey.private, { mode: 0o600 });
  // Stands in for the agent's port on the login node: answers every line with the line.
  echo = createServer((socket) => socket.pipe(socket));
  echo.listen(0, '127.0.0.1');
  await once(echo, 'listening');
  echoPort = (echo.address() as { port: number }).port;
});
after(async () => {
  echo.close();
  rmSync(dir, { recursive: true, force: true });
});

function knownHosts(text: string): string {
  const file = join(dir, `known_hosts_${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, text);
  return file;
}

/** Starts a tunnel that the test closes when it ends. */
async function openTunnel(t: TestContext, options: Partial<SshTunnelOptions> & { port: number; knownHosts: string }) {
  const tunnel = new SshTunnel({
    host: '127.0.0.1',
    user: 'webstat',
    identityFile,
    remotePort: echoPort,
    keepaliveSeconds: 5,
    readyTimeoutMs: 3000,
    backoff: { initialMs: 20, maxMs: 100 },
    ...options,
  });
  t.after(() => tunnel.stop());
  await tunnel.start();
  return tunnel;
}

async function startServer(t: TestContext, options: Partial<TestSshServerOptions> = {}) {
  const server = await TestSshServer.start({ clientKey, ...options });
  t.after(() => server.close());
  return server;
}

/** Waits for the first state the predicate accepts. */
function nextState(tunnel: SshTunnel, accept: (state: TunnelState) => boolean, timeoutMs = 5000): Promise<TunnelState> {
  if (accept(tunnel.state)) return Promise.resolve(tunnel.state);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no such state; last: ${JSON.stringify(tunnel.state)}`)), timeoutMs);
    const onState = (state: TunnelState) => {
      if (!accept(state)) return;
      clearTimeout(timer);
      tunnel.off('state', onState);
      resolve(state);
    };
    tunnel.on('state', onState);
  });
}

/** Sends a line through the tunnel's local port and returns what comes back ('' when closed). */
async function roundTrip(port: number, line: string): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  socket.setEncoding('utf8');
  let received = '';
  socket.on('data', (chunk) => (received += chunk));
  socket.on('error', () => {});
  socket.write(line);
  await Promise.race([
    new Promise<void>((resolve) => socket.on('data', () => received.length >= line.length && resolve())),
    once(socket, 'close'),
  ]);
  socket.destroy();
  return received;
}

describe('SshTunnel (in-process ssh2 server)', () => {
  test("forwards its local port to the agent's port on the far side", async (t) => {
    const server = await startServer(t);
    const tunnel = await openTunnel(t, { port: server.port, knownHosts: knownHosts(server.knownHostsLine()) });
    await tunnel.waitConnected(5000);
    assert.equal(tunnel.url, `tcp://127.0.0.1:${tunnel.localPort}`);
    assert.equal(await roundTrip(tunnel.localPort, 'hello agent\n'), 'hello agent\n');
    assert.equal(await roundTrip(tunnel.localPort, 'twice\n'), 'twice\n');
    assert.equal(server.sessions, 1, 'one SSH connection carries every forwarded connection');
  });

  test('accepts a hashed known_hosts written by ssh-keyscan -H', async (t) => {
    const server = await startServer(t);
    // Asynchronously: the server answering ssh-keyscan lives in this very process.
    const { stdout: scanned } = await execFileAsync('ssh-keyscan', ['-H', '-t', 'ed25519', '-p', String(server.port), '127.0.0.1']);
    assert.match(scanned, /^\|1\|/m);
    const tunnel = await openTunnel(t, { port: server.port, knownHosts: knownHosts(scanned) });
    await tunnel.waitConnected(5000);
    assert.equal(await roundTrip(tunnel.localPort, 'hashed\n'), 'hashed\n');
  });

  test('refuses an unknown host key, never connects, and says so without printing keys', async (t) => {
    const server = await startServer(t);
    const elsewhere = generateKeyPair();
    const tunnel = await openTunnel(t, {
      port: server.port,
      knownHosts: knownHosts(`[127.0.0.1]:${server.port + 1} ${elsewhere.type} ${elsewhere.blob}\nlogin9 ${server.hostKey.type} ${server.hostKey.blob}\n`),
    });
    const state = await nextState(tunnel, (s) => s.code !== null);
    assert.equal(state.code, 'host-key-unknown');
    assert.equal(state.connected, false);
    assert.ok(!state.message!.includes(server.hostKey.blob), '!state.message!.includes(server.hostKey.blob)');
    assert.equal(server.sessions, 0);
    assert.equal(await roundTrip(tunnel.localPort, 'x\n'), '', 'the local port forwards nothing');
    // It keeps refusing on every retry (the file is read again each time).
    const again = await nextState(tunnel, (s) => s.code !== null && s.since > state.since);
    assert.equal(again.code, 'host-key-unknown');
  });

  test('refuses a changed host key', async (t) => {
    const server = await startServer(t);
    const previous = generateKeyPair();
    const tunnel = await openTunnel(t, {
      port: server.port,
      knownHosts: knownHosts(`[127.0.0.1]:${server.port} ${previous.type} ${previous.blob}\n`),
    });
    const state = await nextState(tunnel, (s) => s.code !== null);
    assert.equal(state.code, 'host-key-changed');
    assert.ok(!state.message!.includes(server.hostKey.blob) && !state.message!.includes(previous.blob), '!state.message!.includes(server.hostKey.blob) && !state.message!.includes(previous.blob)');
    assert.equal(server.sessions, 0);
  });

  test('refuses a revoked host key', async (t) => {
    const server = await startServer(t);
    const tunnel = await openTunnel(t, {
      port: server.port,
      knownHosts: knownHosts(`${server.knownHostsLine()}\n@revoked * ${server.hostKey.type} ${server.hostKey.blob}\n`),
    });
    assert.equal((await nextState(tunnel, (s) => s.code !== null)).code, 'host-key-revoked');
    assert.equal(server.sessions, 0);
  });

  test('a host with several key types presents the one known_hosts lists', async (t) => {
    // ssh2 would pick ed25519 first; known_hosts lists only the ECDSA key, which must be asked for.
    const server = await startServer(t, { hostKey: generateKeyPair('ecdsa'), extraHostKeys: [generateKeyPair('ed25519')] });
    const tunnel = await openTunnel(t, { port: server.port, knownHosts: knownHosts(server.knownHostsLine()) });
    await tunnel.waitConnected(5000);
    assert.equal(await roundTrip(tunnel.localPort, 'ecdsa\n'), 'ecdsa\n');
  });

  test('authenticates through an ssh-agent when no identity file is configured', async (t) => {
    const server = await startServer(t);
    const socketPath = join(dir, `agent-${Math.random().toString(36).slice(2)}.sock`);
    // OpenSSH's own ssh-agent in the foreground, holding the client key.
    const sshAgent = spawn('ssh-agent', ['-D', '-a', socketPath], { stdio: 'ignore' });
    t.after(async () => {
      const exited = once(sshAgent, 'exit');
      sshAgent.kill('SIGTERM');
      await exited;
    });
    for (let i = 0; i < 50 && !existsSync(socketPath); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    await execFileAsync('ssh-add', [identityFile], { env: { ...process.env, SSH_AUTH_SOCK: socketPath } });

    const tunnel = await openTunnel(t, {
      port: server.port,
      knownHosts: knownHosts(server.knownHostsLine()),
      identityFile: null,
      agentSocket: socketPath,
    });
    await tunnel.waitConnected(5000);
    assert.equal(await roundTrip(tunnel.localPort, 'via agent\n'), 'via agent\n');
  });

  test('a passphrase-protected key without an ssh-agent is identity-unreadable', async (t) => {
    const server = await startServer(t);
    const locked = join(dir, 'locked_key');
    await execFileAsync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'a passphrase', '-f', locked]);
    const tunnel = await openTunnel(t, { port: server.port, knownHosts: knownHosts(server.knownHostsLine()), identityFile: locked });
    assert.equal((await nextState(tunnel, (s) => s.code !== null)).code, 'identity-unreadable');
  });

  test('a key the server does not accept is auth-failed', async (t) => {
    const server = await TestSshServer.start({ clientKey: generateKeyPair() });
    t.after(() => server.close());
    const tunnel = await openTunnel(t, { port: server.port, knownHosts: knownHosts(server.knownHostsLine()) });
    assert.equal((await nextState(tunnel, (s) => s.code !== null)).code, 'auth-failed');
  });

  test('an agent port that does not answer is forward-failed while SSH stays up', async (t) => {
    const server = await startServer(t);
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const closedPort = (closed.address() as { port: number }).port;
    closed.close();
    const tunnel = await openTunnel(t, { port: server.port, knownHosts: knownHosts(server.knownHostsLine()), remotePort: closedPort });
    await tunnel.waitConnected(5000);
    assert.equal(await roundTrip(tunnel.localPort, 'x\n'), '');
    const state = await nextState(tunnel, (s) => s.code !== null);
    assert.equal(state.code, 'forward-failed');
    assert.equal(state.connected, true);
  });

  test('lost keepalives drop the connection; it comes back by itself', async (t) => {
    const server = await startServer(t);
    const proxy = await FreezableProxy.start(server.port);
    t.after(() => proxy.close());
    // known_hosts names the proxy's port: that is where the gateway connects.
    const tunnel = await openTunnel(t, {
      port: proxy.port,
      knownHosts: knownHosts(`[127.0.0.1]:${proxy.port} ${server.hostKey.type} ${server.hostKey.blob}\n`),
      keepaliveSeconds: 0.2,
      keepaliveCountMax: 2,
    });
    await tunnel.waitConnected(5000);
    assert.equal(await roundTrip(tunnel.localPort, 'before\n'), 'before\n');

    proxy.freeze();
    const lost = await nextState(tunnel, (s) => !s.connected);
    assert.equal(lost.code, 'keepalive-lost');
    proxy.thaw();
    await tunnel.waitConnected(5000);
    assert.equal(await roundTrip(tunnel.localPort, 'after\n'), 'after\n');
  });

  test('reconnects after the login node drops the connection', async (t) => {
    const server = await startServer(t);
    const tunnel = await openTunnel(t, { port: server.port, knownHosts: knownHosts(server.knownHostsLine()) });
    await tunnel.waitConnected(5000);
    const port = tunnel.localPort;
    server.dropAll();
    assert.equal((await nextState(tunnel, (s) => !s.connected)).code, 'ssh-closed');
    await tunnel.waitConnected(5000);
    assert.equal(tunnel.localPort, port, 'the local port survives reconnects');
    assert.equal(await roundTrip(tunnel.localPort, 'back\n'), 'back\n');
    assert.equal(server.sessions, 2);
  });

  test('retries a dead login node with doubling, capped delays, then connects when it is back', async (t) => {
    const first = await TestSshServer.start({ clientKey });
    const port = first.port;
    const hostKey = first.hostKey;
    await first.close();

    const states: TunnelState[] = [];
    const tunnel = new SshTunnel({
      host: '127.0.0.1',
      port,
      user: 'webstat',
      identityFile,
      knownHosts: knownHosts(`[127.0.0.1]:${port} ${hostKey.type} ${hostKey.blob}\n`),
      remotePort: echoPort,
      keepaliveSeconds: 5,
      backoff: { initialMs: 20, maxMs: 80, random: () => 0.999 },
    });
    t.after(() => tunnel.stop());
    tunnel.on('state', (state) => states.push(state));
    await tunnel.start();
    await nextState(tunnel, () => states.length >= 5);
    assert.deepEqual(
      states.slice(0, 5).map((s) => [s.code, s.retryInMs]),
      [
        ['connect-failed', 19],
        ['connect-failed', 39],
        ['connect-failed', 79],
        ['connect-failed', 79],
        ['connect-failed', 79],
      ],
    );

    const back = await TestSshServer.start({ clientKey, hostKey, port });
    t.after(() => back.close());
    await tunnel.waitConnected(5000);
    assert.equal(await roundTrip(tunnel.localPort, 'revived\n'), 'revived\n');
  });
});
