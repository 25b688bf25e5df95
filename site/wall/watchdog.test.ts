/// <reference types="mocha" />
import { expect, waitUntil } from '@open-wc/testing';
import type { WebstatWorkerApi } from '../../worker/api.ts';
import type { WatchdogVerdict } from './watchdog-rules.ts';
import { startWatchdog } from './watchdog.ts';

/** A worker API whose `connect` never answers (a dead worker) or answers at once. */
function worker(alive: boolean): () => WebstatWorkerApi {
  const api = { connect: () => (alive ? Promise.resolve({}) : new Promise(() => {})) } as unknown as WebstatWorkerApi;
  return () => api;
}

describe('startWatchdog', () => {
  it('reloads a wall whose worker stopped answering, once the site answers', async () => {
    const verdicts: WatchdogVerdict[] = [];
    const stop = startWatchdog({
      gateway: 'https://gateway.test',
      token: null,
      api: worker(false),
      site: location.href,
      reload: (verdict) => verdicts.push(verdict),
      everyMs: 20,
      answerWithinMs: 20,
    });
    await waitUntil(() => verdicts.length > 0, 'no reload', { timeout: 5_000 });
    stop();
    expect(verdicts[0]).to.deep.equal({ reload: true, reason: 'worker-gone' });
  });

  it('does not reload when the site itself cannot be fetched', async () => {
    const verdicts: WatchdogVerdict[] = [];
    const stop = startWatchdog({
      gateway: 'https://gateway.test',
      token: null,
      api: worker(false),
      site: `${location.origin}/__no-such-page-${Date.now()}`,
      reload: (verdict) => verdicts.push(verdict),
      everyMs: 20,
      answerWithinMs: 20,
    });
    await new Promise((resolve) => setTimeout(resolve, 600));
    stop();
    expect(verdicts).to.deep.equal([]);
  });

  it('leaves a wall with a live worker alone', async () => {
    const verdicts: WatchdogVerdict[] = [];
    const stop = startWatchdog({ gateway: 'g', token: null, api: worker(true), site: location.href, reload: (v) => verdicts.push(v), everyMs: 10, answerWithinMs: 50 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    stop();
    expect(verdicts).to.deep.equal([]);
  });
});
