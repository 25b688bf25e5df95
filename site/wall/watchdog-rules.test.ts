/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { HEAP_LIMIT_BYTES, watchdogVerdict, type WatchdogFacts } from './watchdog-rules.ts';

const healthy: WatchdogFacts = { missedChecks: 0, heapBytes: 40 * 2 ** 20, ageMs: 3_600_000, hour: 14, siteReachable: true };

describe('watchdogVerdict', () => {
  it('leaves a healthy wall alone', () => {
    expect(watchdogVerdict(healthy)).to.deep.equal({ reload: false });
    expect(watchdogVerdict({ ...healthy, missedChecks: 2 })).to.deep.equal({ reload: false });
  });

  it('reloads when the worker has gone silent three times in a row', () => {
    expect(watchdogVerdict({ ...healthy, missedChecks: 3 })).to.deep.equal({ reload: true, reason: 'worker-gone' });
  });

  it('reloads when memory has grown far past what a wall needs', () => {
    expect(watchdogVerdict({ ...healthy, heapBytes: HEAP_LIMIT_BYTES + 1 })).to.deep.equal({ reload: true, reason: 'memory' });
    expect(watchdogVerdict({ ...healthy, heapBytes: null })).to.deep.equal({ reload: false });
  });

  it('reloads once a day at the quiet hour, not on a young page', () => {
    expect(watchdogVerdict({ ...healthy, ageMs: 25 * 3_600_000, hour: 4 })).to.deep.equal({ reload: true, reason: 'daily' });
    expect(watchdogVerdict({ ...healthy, ageMs: 2 * 3_600_000, hour: 4 })).to.deep.equal({ reload: false });
  });

  it('never reloads into an error page while the site cannot be fetched', () => {
    for (const facts of [
      { missedChecks: 5 },
      { heapBytes: HEAP_LIMIT_BYTES * 2 },
      { ageMs: 25 * 3_600_000, hour: 4 },
    ]) {
      expect(watchdogVerdict({ ...healthy, ...facts, siteReachable: false })).to.deep.equal({ reload: false });
    }
  });
});
