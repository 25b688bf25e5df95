import { expect } from '@open-wc/testing';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff.ts';

describe('reconnection backoff', () => {
  it('draws uniformly below a ceiling that doubles per attempt up to the cap', () => {
    const { baseMs, capMs } = DEFAULT_BACKOFF;
    expect(backoffDelay(1, () => 0.999999)).to.equal(baseMs - 1);
    expect(backoffDelay(3, () => 0.5)).to.equal(2 * baseMs);
    expect(backoffDelay(40, () => 0.999999)).to.equal(capMs - 1);
    expect(backoffDelay(1000, () => 0.5)).to.equal(capMs / 2);
    expect(backoffDelay(5, () => 0)).to.equal(0);
  });

  it('spreads the clients of one restarted gateway over the whole window (full jitter)', () => {
    const delays = Array.from({ length: 2000 }, () => backoffDelay(4));
    const ceiling = DEFAULT_BACKOFF.baseMs * 8;
    expect(Math.max(...delays)).to.be.below(ceiling);
    expect(Math.min(...delays)).to.be.at.least(0);
    const lowHalf = delays.filter((d) => d < ceiling / 2).length;
    expect(lowHalf).to.be.within(800, 1200);
  });
});
