/**
 * The whole upstream side on real parts: a configuration file read by loadConfig, startUpstream,
 * an ssh2 tunnel through a real OpenSSH sshd on loopback, a real agent process (the simulator)
 * that the gateway reaches only through that tunnel, and the SQLite history.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { loadConfig } from '../config/load-config.ts';
import { AgentProcess } from '../testing/agent-process.ts';
import { RealSshd } from '../testing/real-sshd.ts';
import { RecordingFeed } from '../testing/recording-feed.ts';
import { generateKeyPair } from '../testing/ssh-test-server.ts';
import { openHistoryStore, startUpstream } from '../upstream.ts';

const execFileAsync = promisify(execFile);
let dir: string;
let sshd: RealSshd;
let agent: AgentProcess;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'webstat-openssh-'));
  const clientKey = generateKeyPair();
  writeFileSync(join(dir, 'id_ed25519'), clientKey.private, { mode: 0o600 });
  agent = await AgentProcess.start({ cluster: 'login-side-name', interval: 1 });
  // The authorized_keys line gateway/README.md recommends: no shell, no pty, forwarding to the
  // agent's port only.
  sshd = await RealSshd.start(`restrict,port-forwarding,permitopen="127.0.0.1:${agent.port}" ${clientKey.public}`);
});
after(async () => {
  await agent?.stop();
  await sshd?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function writeConfig(name: string, knownHosts: string, clusterName = 'hpc1', remotePort = agent.port): string {
  writeFileSync(join(dir, `${name}.known_hosts`), knownHosts);
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    `database: ${name}.sqlite
pollInterval: 0.25
clusters:
  - name: ${clusterName}
    label: Through OpenSSH
    agent:
      ssh:
        host: 127.0.0.1
        port: ${sshd.port}
        user: ${sshd.user}
        identityFile: id_ed25519
        knownHosts: ${name}.known_hosts
        keepaliveSeconds: 2
      port: ${remotePort}
`,
  );
  return file;
}

describe('upstream through a real OpenSSH sshd to a real agent', () => {
  test('polls the agent through the tunnel (hashed known_hosts from ssh-keyscan -H) and keeps history', async () => {
    const { stdout: scanned } = await execFileAsync('ssh-keyscan', ['-H', '-t', 'ed25519', '-p', String(sshd.port), '127.0.0.1']);
    const config = loadConfig(writeConfig('good', scanned), { env: {} });
    const store = openHistoryStore(config);
    const feed = new RecordingFeed();
    const upstream = await startUpstream(config, { feed, store, poller: { requestTimeoutMs: 2000 } });
    try {
      await feed.waitFor(() => feed.snapshots.length >= 3, 60_000);
      const [first, second, third] = feed.snapshots;
      assert.deepEqual([first!.seq, second!.seq, third!.seq], [1, 2, 3]);
      assert.equal(first!.cluster, 'hpc1');
      assert.ok(first!.jobs.length > 0 && first!.summary.users.length > 0, 'first!.jobs.length > 0 && first!.summary.users.length > 0');
      assert.equal(upstream.clusters()[0]!.status.health, 'ok');
      assert.equal(upstream.clusters()[0]!.seq, feed.snapshots.at(-1)!.seq);
      const times = store.history('hpc1', null).flatMap((block) => block.times);
      assert.ok(times.includes(third!.time), 'times.includes(third!.time)');
      // sshd itself opened the forwarding channel to the agent's loopback port.
      assert.match(sshd.log, new RegExp(`target 127\\.0\\.0\\.1 port ${agent.port}`));
    } finally {
      await upstream.stop();
      store.close();
    }
  });

  test('a port the authorized_keys line does not permit is forward-failed, with SSH itself up', async () => {
    const config = loadConfig(writeConfig('other-port', `${sshd.knownHostsLine()}\n`, 'hpc3', agent.port + 1), { env: {} });
    const store = openHistoryStore(config);
    const feed = new RecordingFeed();
    const upstream = await startUpstream(config, { feed, store, poller: { requestTimeoutMs: 1000 } });
    try {
      const event = await feed.waitFor((e) => e.kind === 'status' && e.status.code === 'forward-failed', 30_000);
      assert.ok(event.kind === 'status', 'event.kind === "status"');
      assert.equal(event.status.health, 'unreachable');
      assert.equal(feed.snapshots.length, 0);
    } finally {
      await upstream.stop();
      store.close();
    }
  });

  test('refuses the real server when known_hosts holds another key for it: host-key-changed, no data', async () => {
    const other = generateKeyPair();
    const config = loadConfig(writeConfig('changed', `[127.0.0.1]:${sshd.port} ${other.type} ${other.blob}\n`, 'hpc2'), { env: {} });
    const store = openHistoryStore(config);
    const feed = new RecordingFeed();
    const upstream = await startUpstream(config, { feed, store, poller: { requestTimeoutMs: 2000 } });
    try {
      const event = await feed.waitFor((e) => e.kind === 'status' && e.status.code === 'host-key-changed', 30_000);
      assert.ok(event.kind === 'status', 'event.kind === "status"');
      assert.equal(event.status.health, 'unreachable');
      assert.ok(!event.status.message!.includes(other.blob) && !event.status.message!.includes(sshd.hostKey.split(' ')[1]!), '!event.status.message!.includes(other.blob) && !event.status.message!.includes(sshd.hostKey.split(" ")[1]!)');
      assert.equal(feed.snapshots.length, 0);
      assert.deepEqual(store.history('hpc2', null), []);
      assert.equal(upstream.clusters()[0]!.status.code, 'host-key-changed');
    } finally {
      await upstream.stop();
      store.close();
    }
  });
});
