import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FrameCounter } from './frame-counter.ts';

function frame(length: number): Buffer {
  const header = length < 126 ? Buffer.from([0x82, length]) : length < 65536 ? Buffer.from([0x82, 126, length >> 8, length & 0xff]) : Buffer.alloc(10);
  if (length >= 65536) {
    header[0] = 0x82;
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([header, Buffer.alloc(length, 7)]);
}

describe('FrameCounter', () => {
  it('counts frames of every length form however the stream is cut', () => {
    const stream = Buffer.concat([frame(0), frame(5), frame(125), frame(126), frame(2048), frame(70_000), frame(3)]);
    for (const cut of [1, 2, 3, 7, 100, 4096, stream.length]) {
      const counter = new FrameCounter();
      for (let at = 0; at < stream.length; at += cut) counter.push(stream.subarray(at, at + cut));
      assert.equal(counter.frames, 7, `cut ${cut}`);
    }
  });

  it('does not count a frame before its last byte', () => {
    const counter = new FrameCounter();
    const one = frame(2048);
    counter.push(one.subarray(0, one.length - 1));
    assert.equal(counter.frames, 0);
    counter.push(one.subarray(one.length - 1));
    assert.equal(counter.frames, 1);
  });
});
