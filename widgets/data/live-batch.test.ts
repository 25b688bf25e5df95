/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { applyLive, cancelLive, flushLiveUpdates, LIVE_BATCH_MS, onLiveFlush } from './live-batch.ts';

describe('live batch', () => {
  afterEach(() => flushLiveUpdates());

  it('holds live updates and applies those of every owner in one task', async () => {
    const applied: string[] = [];
    const a = {};
    const b = {};
    applyLive(a, () => applied.push('a'));
    applyLive(b, () => applied.push('b'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(applied).to.deep.equal([]);
    await new Promise((resolve) => setTimeout(resolve, LIVE_BATCH_MS + 100));
    expect(applied).to.deep.equal(['a', 'b']);
  });

  it('applies only the latest update of an owner, and none of an owner that let go', () => {
    const applied: string[] = [];
    const a = {};
    const b = {};
    applyLive(a, () => applied.push('a1'));
    applyLive(a, () => applied.push('a2'));
    applyLive(b, () => applied.push('b'));
    cancelLive(b);
    let flushes = 0;
    const stop = onLiveFlush(() => (flushes += 1));
    flushLiveUpdates();
    stop();
    expect(applied).to.deep.equal(['a2']);
    expect(flushes).to.equal(1);
    flushLiveUpdates();
    expect(applied).to.deep.equal(['a2']);
  });
});
