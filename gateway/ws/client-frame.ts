/**
 * Reads one frame a client sent: a `hello`, or the reason to refuse it (an error code for the
 * `error` frame and the close code). Plain logic over bytes; no frame a client can send makes it
 * throw.
 */
import { ByteReader } from '../../protocol/bytes.ts';
import { nodeInflate } from '../../protocol/deflate-node.ts';
import { decodeMessage } from '../../protocol/frame.ts';
import type { HelloMessage } from '../../protocol/messages.ts';
import { FrameFlag } from '../../protocol/opcodes.ts';
import { ProtocolError } from '../../protocol/protocol-error.ts';
import { CloseCode } from './close-codes.ts';

export interface FrameRefusal {
  code: string;
  message: string;
  closeCode: number;
}

export type ClientFrame = { hello: HelloMessage } | { refusal: FrameRefusal };

/** A compressed frame states its inflated length up front: a bomb is refused before inflating. */
function inflatedLength(bytes: Uint8Array): number {
  if (bytes.length < 4 || (bytes[2]! & FrameFlag.Deflate) === 0) return bytes.length;
  return new ByteReader(bytes.subarray(3)).uint();
}

export function readClientFrame(bytes: Uint8Array, isBinary: boolean, maxInflatedBytes: number): ClientFrame {
  if (!isBinary) return { refusal: { code: 'bad-frame', message: 'frames must be binary', closeCode: CloseCode.UnsupportedData } };
  try {
    const inflated = inflatedLength(bytes);
    if (inflated > maxInflatedBytes) {
      return { refusal: { code: 'frame-too-large', message: `frame inflates to ${inflated} bytes; at most ${maxInflatedBytes}`, closeCode: CloseCode.TooBig } };
    }
    const message = decodeMessage(bytes, { inflate: nodeInflate });
    if (message.type !== 'hello') {
      return { refusal: { code: 'unexpected-message', message: `a client may send only hello, not ${message.type}`, closeCode: CloseCode.ProtocolError } };
    }
    return { hello: message };
  } catch (error) {
    const code = error instanceof ProtocolError ? error.code : 'bad-frame';
    const message = error instanceof ProtocolError ? error.message : 'frame does not decode';
    return { refusal: { code, message, closeCode: CloseCode.ProtocolError } };
  }
}
