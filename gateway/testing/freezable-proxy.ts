/**
 * A TCP proxy that can stop passing bytes without closing anything: the way a network partition or
 * a hung login node looks to an SSH client, and what only keepalives can detect. It can also cut
 * every connection and refuse new ones until `restore()`: a machine whose network went away (the
 * end-to-end tests put it between the browser and the gateway).
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export class FreezableProxy {
  private readonly pairs = new Set<[Socket, Socket]>();
  private frozen = false;
  private cutOff = false;

  private constructor(private readonly server: Server) {}

  static async start(targetPort: number): Promise<FreezableProxy> {
    let proxy: FreezableProxy | null = null;
    const server = createServer((inbound) => proxy!.accept(inbound, targetPort));
    proxy = new FreezableProxy(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as { port: number }).port;
  }

  /** Stops forwarding in both directions on every connection; connections stay open. */
  freeze(): void {
    this.frozen = true;
    for (const [inbound, outbound] of this.pairs) {
      inbound.unpipe(outbound);
      outbound.unpipe(inbound);
      inbound.pause();
      outbound.pause();
    }
  }

  /** New connections pass bytes again (frozen ones are left as they are, as after a partition). */
  thaw(): void {
    this.frozen = false;
  }

  /** Drops every connection and refuses new ones (each is closed as soon as it is accepted). */
  cut(): void {
    this.cutOff = true;
    for (const [inbound, outbound] of this.pairs) {
      inbound.destroy();
      outbound.destroy();
    }
  }

  /** Connections pass again after a `cut()`. */
  restore(): void {
    this.cutOff = false;
  }

  async close(): Promise<void> {
    for (const [inbound, outbound] of this.pairs) {
      inbound.destroy();
      outbound.destroy();
    }
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(inbound: Socket, targetPort: number): void {
    if (this.cutOff) {
      inbound.destroy();
      return;
    }
    if (this.frozen) {
      // A partitioned network: the connection is accepted but nothing ever comes back.
      inbound.pause();
      const pair: [Socket, Socket] = [inbound, inbound];
      this.pairs.add(pair);
      inbound.on('close', () => this.pairs.delete(pair));
      return;
    }
    const outbound = connect(targetPort, '127.0.0.1');
    const pair: [Socket, Socket] = [inbound, outbound];
    this.pairs.add(pair);
    inbound.pipe(outbound).pipe(inbound);
    const close = () => {
      this.pairs.delete(pair);
      inbound.destroy();
      outbound.destroy();
    };
    inbound.on('close', close);
    outbound.on('close', close);
    inbound.on('error', close);
    outbound.on('error', close);
  }
}
