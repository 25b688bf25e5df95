/**
 * Counts complete WebSocket frames in a server-to-client byte stream (unmasked frames, RFC 6455
 * §5.2) without keeping their payloads: the benchmark's client process holds 10,000 connections
 * and must stay cheaper than the servers it measures, so it reads headers and skips bodies.
 * State per connection is two numbers plus, rarely, a few header bytes split across reads.
 */
export class FrameCounter {
  frames = 0;
  /** Payload bytes still to skip in the current frame. */
  private skip = 0;
  /** Header bytes of a frame whose header was split across two reads. */
  private partial: Buffer | null = null;

  push(chunk: Buffer): void {
    let data = chunk;
    let at = 0;
    if (this.partial) {
      data = Buffer.concat([this.partial, chunk]);
      this.partial = null;
    }
    while (at < data.length) {
      if (this.skip > 0) {
        const taken = Math.min(this.skip, data.length - at);
        this.skip -= taken;
        at += taken;
        if (this.skip === 0) this.frames++;
        continue;
      }
      const available = data.length - at;
      if (available < 2) break;
      const length7 = data[at + 1]! & 0x7f;
      const headerBytes = length7 === 126 ? 4 : length7 === 127 ? 10 : 2;
      if (available < headerBytes) break;
      const length =
        length7 === 126 ? data.readUInt16BE(at + 2) : length7 === 127 ? Number(data.readBigUInt64BE(at + 2)) : length7;
      at += headerBytes;
      if (length === 0) this.frames++;
      else this.skip = length;
    }
    if (at < data.length) this.partial = Buffer.from(data.subarray(at));
  }
}
