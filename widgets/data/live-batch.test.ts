/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { applyFirst, applyLive, cancelLive, FIRST_BATCH_MS, firstWaiting, flushFirstViews, flushLiveUpdates, LIVE_BATCH_MS, onLiveFlush } from './live-batch.ts';

describe('live batch', () => {
  afterEach(() => {
    flushFirstViews();
    flushLiveUpdates();
  });

  it('gathers first views briefly and applies them together, long before live updates', async () => {
    const applied: string[] = [];
    const a = {};
    const b = {};
    const c = {};
    applyFirst(a, () => applied.push('a'));
    applyLive(c, () => applied.push('c live'));
    await new Promise((resolve) => setTimeout(resolve, FIRST_BATCH_MS / 2));
    applyFirst(b, () => applied.push('b1'));
    applyFirst(b, () => applied.push('b2'));
    expect([applied, firstWaiting(a), firstWaiting(b)]).to.deep.equal([[], true, true]);
    await new Promise((resolve) => setTimeout(resolve, FIRST_BATCH_MS + 20));
    expect([applied, firstWaiting(a), firstWaiting(b)]).to.deep.equal([['a', 'b2'], false, false]);
  });

  it('drops the waiting first view of an owner that let go', async () => {
    const applied: string[] = [];
    const a = {};
    applyFirst(a, () => applied.push('a'));
    cancelLive(a);
    await new Promise((resolve) => setTimeout(resolve, FIRST_BATCH_MS + 20));
    expect(applied).to.deep.equal([]);
  });

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
