/**
 * The receiving end of the gateway's frames, for tests: decodes every frame as a browser worker
 * would, applies snapshots, deltas and status changes per cluster, and keeps every decoded message
 * so a test can search them (for names a scope must not see) or count them.
 */
import { apply } from '../../protocol/delta.ts';
import { FrameDecoder } from '../../protocol/frame.ts';
import type { HistoryBlock } from '../../protocol/history.ts';
import type { Message, WelcomeMessage } from '../../protocol/messages.ts';
import type { Snapshot } from '../../protocol/model.ts';

export class StreamClient {
  private readonly decoder = new FrameDecoder();
  readonly messages: Message[] = [];
  readonly frames: Uint8Array[] = [];
  readonly snapshots = new Map<string, Snapshot>();
  readonly history: HistoryBlock[] = [];
  welcome: WelcomeMessage | null = null;

  receive(bytes: Uint8Array): Message {
    this.frames.push(bytes);
    const { message } = this.decoder.decode(bytes);
    this.messages.push(message);
    switch (message.type) {
      case 'welcome':
        this.welcome = message;
        break;
      case 'snapshot':
        this.snapshots.set(message.snapshot.cluster, message.snapshot);
        break;
      case 'delta': {
        const held = this.snapshots.get(message.delta.cluster);
        if (!held) throw new Error(`delta for ${message.delta.cluster} before a snapshot`);
        this.snapshots.set(message.delta.cluster, apply(held, message.delta));
        break;
      }
      case 'status': {
        const held = this.snapshots.get(message.cluster);
        if (held) this.snapshots.set(message.cluster, { ...held, status: message.status });
        break;
      }
      case 'history':
        this.history.push(message.block);
        break;
      default:
        break;
    }
    return message;
  }

  /** Every decoded message as JSON text, for searching. */
  get text(): string {
    return JSON.stringify(this.messages);
  }

  ofType<T extends Message['type']>(type: T): Array<Extract<Message, { type: T }>> {
    return this.messages.filter((m): m is Extract<Message, { type: T }> => m.type === type);
  }
}
