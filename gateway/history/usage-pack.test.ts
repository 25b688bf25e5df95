import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { METRIC_COUNT, packUsage, unpackUsage } from './usage-pack.ts';

test('packed usage comes back as it went in, to the hundredth', () => {
  const row = fc.integer({ min: 1, max: 2 ** 31 }).chain((ids) =>
    fc.uniqueArray(fc.integer({ min: 1, max: ids }), { maxLength: 40 }).chain((unique) =>
      fc.tuple(
        fc.constant([...unique].sort((a, b) => a - b)),
        fc.array(fc.integer({ min: 0, max: 10 ** 9 }), { minLength: unique.length * METRIC_COUNT, maxLength: unique.length * METRIC_COUNT }),
      ),
    ),
  );
  fc.assert(
    fc.property(row, ([ids, hundredths]) => {
      const values = Float64Array.from(hundredths, (h) => h / 100);
      const back = unpackUsage(packUsage({ ids, values }));
      assert.deepEqual(back.ids, ids);
      assert.deepEqual([...back.values], [...values]);
    }),
  );
});

test('means are kept to two decimals', () => {
  const back = unpackUsage(packUsage({ ids: [3, 7], values: Float64Array.from([1 / 3, 2 / 3, 0, 0, 0, 0, 0, 12.345, 1, 2, 3, 4, 5, 6]) }));
  assert.deepEqual([...back.values], [0.33, 0.67, 0, 0, 0, 0, 0, 12.35, 1, 2, 3, 4, 5, 6]);
});
