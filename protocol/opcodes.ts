/**
 * Frame layout (DESIGN.md "Wire protocol"), one message per frame:
 *
 *   version: u8 | opcode: u8 | flags: u8 | [stream key: text] | [table dump] | body
 *
 * Strings inside the body are interned (string-table.ts). Which table they go to depends on flags:
 * - no STREAM flag: a fresh table for this frame alone (requests, replies, errors, history);
 * - STREAM: the table of the stream named by the key that follows (one per cluster a connection
 *   follows). Frames of a stream are identical for every subscriber of a gateway topic, which is
 *   what lets uWebSockets.js publish one buffer to thousands of sockets;
 * - STREAM | RESET: the stream's table is emptied before this frame;
 * - STREAM | DUMP: the stream's table is replaced by the strings listed before the body; this is
 *   how a subscriber joins a stream whose table already holds strings;
 * - DEFLATE (with any of the above): everything after the header is `inflated length: varint`
 *   then raw DEFLATE data (compression.ts);
 * - STREAM | DEFLATE | PRIMED (never with RESET or DUMP): a frame that continues its stream's
 *   table, laid out `header | stream key: text | inflated length: varint | raw DEFLATE of the
 *   body`, the DEFLATE primed with the table's recent text as it stood before this frame
 *   (string-table.ts `recentText`). Both ends hold that table, and the names and comments a delta
 *   brings resemble the last ones, so a delta frame shrinks by about an eighth. An older decoder
 *   refuses the flag (`bad-flags`) rather than misreading the frame.
 */
export const PROTOCOL_VERSION = 1;

export const Opcode = {
  Hello: 0x01,
  Welcome: 0x02,
  Snapshot: 0x03,
  Delta: 0x04,
  Status: 0x05,
  History: 0x06,
  Error: 0x07,
  Resume: 0x08,
  AgentRequest: 0x10,
  AgentInfo: 0x11,
} as const;
export type Opcode = (typeof Opcode)[keyof typeof Opcode];

export const FrameFlag = {
  Stream: 0x01,
  Reset: 0x02,
  Dump: 0x04,
  Deflate: 0x08,
  Primed: 0x10,
} as const;

export const KNOWN_FLAGS = FrameFlag.Stream | FrameFlag.Reset | FrameFlag.Dump | FrameFlag.Deflate | FrameFlag.Primed;
