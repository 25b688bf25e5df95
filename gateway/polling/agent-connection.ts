/**
 * The thin ZeroMQ adapter to one agent: a REQ socket, one request at a time, each with a
 * deadline. A REQ socket whose reply never came is stuck (it may not send again, and a late reply
 * would answer the wrong request), so after a timeout it is closed and a new one is made for the
 * next request.
 */
import { Request } from 'zeromq';

export class AgentUnanswered extends Error {
  override name = 'AgentUnanswered';
  readonly code = 'agent-timeout';
}

export interface AgentConnectionOptions {
  /** How long a request may wait for its reply, milliseconds. */
  timeoutMs: number;
  /** Largest reply accepted, bytes (a 100,000-job snapshot is a few MB). */
  maxReplyBytes?: number;
}

export class AgentConnection {
  private socket: Request | null = null;
  private busy = false;
  private closed = false;

  constructor(
    /** `tcp://127.0.0.1:PORT`: the agent itself, or the local end of its SSH tunnel. */
    readonly url: string,
    private readonly options: AgentConnectionOptions,
  ) {}

  /** Sends one request frame and resolves with the reply frame; rejects with AgentUnanswered
   * (code `agent-timeout`) when no reply comes in time. */
  async request(frame: Uint8Array): Promise<Uint8Array> {
    if (this.closed) throw new AgentUnanswered(`the connection to ${this.url} is closed`);
    if (this.busy) throw new Error('one request at a time per agent');
    this.busy = true;
    const socket = this.open();
    try {
      await socket.send(frame);
      const [reply] = await socket.receive();
      return new Uint8Array(reply!.buffer, reply!.byteOffset, reply!.byteLength);
    } catch (error) {
      this.discard(socket);
      if ((error as { code?: string }).code === 'EAGAIN') {
        throw new AgentUnanswered(`no reply from ${this.url} within ${this.options.timeoutMs} ms`);
      }
      throw error;
    } finally {
      this.busy = false;
    }
  }

  close(): void {
    this.closed = true;
    if (this.socket) this.discard(this.socket);
  }

  private open(): Request {
    if (this.socket) return this.socket;
    const socket = new Request({
      receiveTimeout: this.options.timeoutMs,
      sendTimeout: this.options.timeoutMs,
      // Nothing may linger after close: an unanswered request is simply abandoned.
      linger: 0,
      maxMessageSize: this.options.maxReplyBytes ?? 256 * 2 ** 20,
      // Through a tunnel that is down, connections are refused at once: retry gently.
      reconnectInterval: 100,
      reconnectMaxInterval: 5000,
    });
    socket.connect(this.url);
    this.socket = socket;
    return socket;
  }

  private discard(socket: Request): void {
    if (this.socket === socket) this.socket = null;
    socket.close();
  }
}
