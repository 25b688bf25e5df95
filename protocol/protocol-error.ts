/**
 * Every way a frame can be refused. Decoders throw a ProtocolError with one of these codes and
 * nothing else; tests and callers branch on the code, never on the wording.
 */
export type ProtocolErrorCode =
  | 'truncated'
  | 'trailing-bytes'
  | 'unsupported-version'
  | 'unknown-opcode'
  | 'bad-flags'
  | 'bad-varint'
  | 'bad-length'
  | 'bad-utf8'
  | 'bad-compression'
  | 'bad-string-ref'
  | 'bad-enum'
  | 'bad-value'
  | 'string-table-full'
  | 'unknown-stream'
  | 'delta-mismatch'
  | 'seq-mismatch';

export class ProtocolError extends Error {
  override name = 'ProtocolError';
  constructor(
    readonly code: ProtocolErrorCode,
    message: string,
  ) {
    super(message);
  }
}
