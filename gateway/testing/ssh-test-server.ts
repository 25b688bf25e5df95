/**
 * An in-process SSH server (ssh2's Server) for the tunnel's tests: it accepts one client key,
 * forwards "direct-tcpip" channels to real local ports as sshd does, and can refuse forwarding or
 * drop every connection on demand. Tests that need OpenSSH itself use real-sshd.ts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer, type Server as NetServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2, { type Connection } from 'ssh2';

// ssh2 is CommonJS: its classes come through the default export under Node's ESM loader.
const { Server, utils } = ssh2;

export interface SshKeyPair {
  /** OpenSSH private key text. */
  private: string;
  /** `type base64 comment` as in authorized_keys. */
  public: string;
  type: string;
  /** The public key blob, base64, as in known_hosts. */
  blob: string;
}

/** A key pair made by OpenSSH's own ssh-keygen, as an admin would make it. */
export function generateKeyPair(type: 'ed25519' | 'ecdsa' | 'rsa' = 'ed25519'): SshKeyPair {
  const dir = mkdtempSync(join(tmpdir(), 'webstat-key-'));
  try {
    const file = join(dir, 'key');
    const bits = type === 'rsa' ? ['-b', '2048'] : type === 'ecdsa' ? ['-b', '256'] : [];
    execFileSync('ssh-keygen', ['-q', '-t', type, ...bits, '-N', '', '-C', 'webstat-test', '-f', file], { stdio: 'ignore' });
    const publicText = readFileSync(`${file}.pub`, 'utf8').trim();
    const [keyType, blob] = publicText.split(' ');
    return { private: readFileSync(file, 'utf8'), public: publicText, type: keyType!, blob: blob! };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface TestSshServerOptions {
  hostKey?: SshKeyPair;
  /** More host keys the server offers besides `hostKey` (a server with several key types). */
  extraHostKeys?: SshKeyPair[];
  /** The one client key accepted. */
  clientKey: SshKeyPair;
  /** Refuse every direct-tcpip channel (like `AllowTcpForwarding no`). */
  refuseForwarding?: boolean;
  /** Listen on this port (to come back on the same port after `close`), default any. */
  port?: number;
}

export class TestSshServer {
  readonly hostKey: SshKeyPair;
  /** SSH connections that reached `ready`. */
  sessions = 0;
  private readonly clients = new Set<Connection>();
  private ssh!: InstanceType<typeof Server>;
  /** The TCP side is ours (sockets are injected into ssh2) so `close` can cut even a hung peer. */
  private readonly listener: NetServer = createServer((socket) => {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    this.ssh.injectSocket(socket);
  });
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly options: TestSshServerOptions) {
    this.hostKey = options.hostKey ?? generateKeyPair();
  }

  static async start(options: TestSshServerOptions): Promise<TestSshServer> {
    const instance = new TestSshServer(options);
    await instance.listen(options.port ?? 0);
    return instance;
  }

  get port(): number {
    return (this.listener.address() as { port: number }).port;
  }

  /** The known_hosts line for this server as the gateway names it (127.0.0.1 on its port). */
  knownHostsLine(host = '127.0.0.1'): string {
    return `[${host}]:${this.port} ${this.hostKey.type} ${this.hostKey.blob}`;
  }

  /** Drops every SSH connection at once (the login node rebooted). */
  dropAll(): void {
    for (const client of this.clients) client.end();
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.listener.close(() => resolve()));
  }

  private async listen(port: number): Promise<void> {
    const allowed = utils.parseKey(this.options.clientKey.public);
    if (allowed instanceof Error) throw allowed;
    this.ssh = new Server({ hostKeys: [this.hostKey, ...(this.options.extraHostKeys ?? [])].map((key) => key.private) }, (client) => {
      this.clients.add(client);
      client.on('close', () => this.clients.delete(client));
      client.on('error', () => this.clients.delete(client));
      client.on('authentication', (context) => {
        if (context.method !== 'publickey') return context.reject(['publickey']);
        const sameKey = context.key.algo === allowed.type && context.key.data.equals(allowed.getPublicSSH());
        if (!sameKey) return context.reject(['publickey']);
        if (context.signature && context.blob && allowed.verify(context.blob, context.signature, context.hashAlgo) !== true) {
          return context.reject(['publickey']);
        }
        context.accept();
      });
      client.on('ready', () => {
        this.sessions++;
        client.on('tcpip', (accept, reject, info) => {
          if (this.options.refuseForwarding) return reject();
          const target = connect(info.destPort, info.destIP);
          target.once('error', () => reject());
          target.once('connect', () => {
            const channel = accept();
            channel.pipe(target).pipe(channel);
            target.on('close', () => channel.close());
            target.on('error', () => channel.close());
            channel.on('close', () => target.destroy());
          });
        });
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.listener.once('error', reject);
      this.listener.listen(port, '127.0.0.1', () => resolve());
    });
  }
}
