/**
 * An in-process SSH server (ssh2's Server) for the tunnel's tests: it accepts one client key,
 * forwards "direct-tcpip" channels to real local ports as sshd does, and can refuse forwarding or
 * drop every connection on demand. Tests that need OpenSSH itself use real-sshd.ts.
 */
import { connect, type Server as NetServer } from 'node:net';
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

export function generateKeyPair(type: 'ed25519' | 'ecdsa' | 'rsa' = 'ed25519'): SshKeyPair {
  const keys =
    type === 'rsa'
      ? utils.generateKeyPairSync('rsa', { bits: 2048 })
      : type === 'ecdsa'
        ? utils.generateKeyPairSync('ecdsa', { bits: 256 })
        : utils.generateKeyPairSync('ed25519');
  const [keyType, blob] = keys.public.split(' ');
  return { private: keys.private, public: keys.public, type: keyType!, blob: blob! };
}

export interface TestSshServerOptions {
  hostKey?: SshKeyPair;
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
  private server!: InstanceType<typeof Server>;

  private constructor(private readonly options: TestSshServerOptions) {
    this.hostKey = options.hostKey ?? generateKeyPair();
  }

  static async start(options: TestSshServerOptions): Promise<TestSshServer> {
    const instance = new TestSshServer(options);
    await instance.listen(options.port ?? 0);
    return instance;
  }

  get port(): number {
    return (this.server.address() as { port: number }).port;
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
    for (const client of this.clients) client.end();
    await new Promise<void>((resolve) => (this.server as unknown as NetServer).close(() => resolve()));
  }

  private async listen(port: number): Promise<void> {
    const allowed = utils.parseKey(this.options.clientKey.public);
    if (allowed instanceof Error) throw allowed;
    this.server = new Server({ hostKeys: [this.hostKey.private] }, (client) => {
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
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
  }
}
