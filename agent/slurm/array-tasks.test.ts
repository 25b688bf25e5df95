import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandTaskRanges, jobIdParts, readTaskList } from './array-tasks.ts';

test('job ids: plain, array task, pending task list, heterogeneous component', () => {
  assert.deepEqual(jobIdParts('123'), { id: '123', arrayJobId: null, taskIndex: null, taskList: null });
  assert.deepEqual(jobIdParts('123_4'), { id: '123_4', arrayJobId: '123', taskIndex: 4, taskList: null });
  assert.deepEqual(jobIdParts('123_[5-9%2]'), { id: '123_[5-9%2]', arrayJobId: '123', taskIndex: null, taskList: '5-9%2' });
  assert.deepEqual(jobIdParts('123+1'), { id: '123+1', arrayJobId: null, taskIndex: null, taskList: null });
});

test('task lists: ranges, steps, lists, throttles, and the ones Slurm cut', () => {
  const read = (list: string) => {
    const result = readTaskList(list);
    return result.ok ? expandTaskRanges(result.ranges) : result.reason;
  };
  assert.deepEqual(read('1-4'), [1, 2, 3, 4]);
  assert.deepEqual(read('1-10:3'), [1, 4, 7, 10]);
  assert.deepEqual(read('1,3,5-7'), [1, 3, 5, 6, 7]);
  assert.deepEqual(read('5-9%2'), [5, 6, 7, 8, 9]);
  assert.match(String(read('1-3,5,7,9...')), /cut short/);
  assert.match(String(read('9-1')), /backwards/);
  assert.match(String(read('a-b')), /not a list/);
  const big = readTaskList('0-3999999');
  assert.ok(big.ok);
  assert.equal(big.count, 4_000_000, 'counted without expanding');
});
