import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ByteReader, ByteWriter } from './bytes.ts';

describe('varints', () => {
  it('round-trip every whole number up to 2^53 - 1, and signed ones up to ±2^52', () => {
    const limit = 2 ** 52 - 1;
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.integer({ min: -limit, max: limit }), (unsigned, signed) => {
        const w = new ByteWriter(4);
        w.uint(unsigned);
        w.int(signed);
        const r = new ByteReader(w.finish());
        assert.equal(r.uint(), unsigned);
        assert.equal(r.int(), signed);
        r.expectEnd();
      }),
    );
  });

  it('round-trip the edges of the one-, two- and 32-bit paths', () => {
    const edges = [0, 1, 127, 128, 255, 16_383, 16_384, 2 ** 21 - 1, 2 ** 21, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 35 + 7];
    const w = new ByteWriter(1);
    for (const n of edges) w.uint(n);
    const r = new ByteReader(w.finish());
    assert.deepEqual(edges.map(() => r.uint()), edges);
    r.expectEnd();
  });

  it('use one byte below 128 and eight at 2^53 - 1', () => {
    const sizes = [0, 127, 128, 16_383, 16_384, Number.MAX_SAFE_INTEGER].map((n) => {
      const w = new ByteWriter();
      w.uint(n);
      return w.finish().length;
    });
    assert.deepEqual(sizes, [1, 1, 2, 2, 3, 8]);
  });

  it('refuses to write what cannot be read back', () => {
    const w = new ByteWriter();
    assert.throws(() => w.uint(-1), RangeError);
    assert.throws(() => w.uint(1.5), RangeError);
    assert.throws(() => w.uint(2 ** 53), RangeError);
    assert.throws(() => w.int(2 ** 52 + 2), RangeError);
  });

  it('refuses overlong and oversized encodings', () => {
    assert.throws(() => new ByteReader(Uint8Array.from([0x80, 0x00])).uint(), { code: 'bad-varint' });
    assert.throws(() => new ByteReader(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])).uint(), { code: 'bad-varint' });
    assert.throws(() => new ByteReader(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f])).uint(), { code: 'bad-varint' });
    assert.throws(() => new ByteReader(Uint8Array.from([0x80])).uint(), { code: 'truncated' });
  });
});

describe('text', () => {
  it('round-trips ASCII, Latin-1 and any code point', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary-ascii', maxLength: 300 })), (value) => {
        const w = new ByteWriter(2);
        w.text(value);
        const r = new ByteReader(w.finish());
        assert.equal(r.text(), value);
        r.expectEnd();
      }),
    );
  });

  it('reads the same from a Node Buffer (what zlib inflates to) as from a plain array', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ unit: 'binary', maxLength: 20 }), fc.string({ unit: 'binary-ascii', maxLength: 80 })), { maxLength: 8 }), (values) => {
        const w = new ByteWriter(2);
        for (const value of values) w.text(value);
        const bytes = w.finish();
        for (const data of [Uint8Array.from(bytes), Buffer.from(bytes)]) {
          const r = new ByteReader(data);
          assert.deepEqual(values.map(() => r.text()), values);
          r.expectEnd();
        }
      }),
    );
  });

  it('refuses lengths beyond the frame and invalid UTF-8', () => {
    for (const from of [(bytes: number[]) => Uint8Array.from(bytes), (bytes: number[]) => Buffer.from(bytes)]) {
      assert.throws(() => new ByteReader(from([5, 0x61])).text(), { code: 'bad-length' });
      assert.throws(() => new ByteReader(from([2, 0xc3, 0x28])).text(), { code: 'bad-utf8' });
      assert.throws(() => new ByteReader(from([2, 0x61, 0xff])).text(), { code: 'bad-utf8' });
      assert.throws(() => new ByteReader(from([3, 0x61, 0x62, 0x63])).text(2), { code: 'bad-length' });
    }
  });

  it('refuses counts of items the frame could not hold', () => {
    const r = new ByteReader(Uint8Array.from([0xe8, 0x07, 1, 2, 3]));
    assert.throws(() => r.count(1), { code: 'bad-length' });
  });
});
