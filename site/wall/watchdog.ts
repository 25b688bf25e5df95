/**
 * The wall's watchdog loop (the rules are in watchdog-rules.ts): every minute, asks the worker to
 * answer within 20 s, and when a rule says so and the site answers, reloads the page.
 */
import type { WebstatWorkerApi } from '../../worker/api.ts';
import { watchdogVerdict, type WatchdogVerdict } from './watchdog-rules.ts';

export interface WatchdogOptions {
  gateway: string;
  token: string | null;
  api: () => WebstatWorkerApi;
  /** The page's own address, fetched to see whether a reload would load. */
  site: string;
  reload: (verdict: WatchdogVerdict) => void;
  everyMs?: number;
  answerWithinMs?: number;
}

class NoAnswer extends Error {
  readonly code = 'no-answer';
}

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new NoAnswer(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

async function reachable(site: string): Promise<boolean> {
  try {
    const response = await within(fetch(site, { method: 'HEAD', cache: 'no-store' }), 10_000);
    return response.ok;
  } catch {
    return false;
  }
}

function heapBytes(): number | null {
  const memory = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
  return memory ? memory.usedJSHeapSize : null;
}

/** Starts the loop; returns a function that stops it. */
export function startWatchdog(options: WatchdogOptions): () => void {
  const started = Date.now();
  const every = options.everyMs ?? 60_000;
  const answerWithin = options.answerWithinMs ?? 20_000;
  let missed = 0;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const check = async () => {
    try {
      await within(options.api().connect(options.gateway, options.token), answerWithin);
      missed = 0;
    } catch (error) {
      // A worker that answers with an error is alive; only silence counts.
      if (error instanceof NoAnswer) missed += 1;
      else missed = 0;
    }
    const facts = { missedChecks: missed, heapBytes: heapBytes(), ageMs: Date.now() - started, hour: new Date().getHours() };
    let verdict = watchdogVerdict({ ...facts, siteReachable: true });
    // Only fetch the page when a reload is on the cards, and only reload when it would load.
    if (verdict.reload && !(await reachable(options.site))) verdict = watchdogVerdict({ ...facts, siteReachable: false });
    if (stopped) return;
    if (verdict.reload) options.reload(verdict);
    else timer = setTimeout(() => void check(), every);
  };
  timer = setTimeout(() => void check(), every);
  return () => {
    stopped = true;
    if (timer !== null) clearTimeout(timer);
  };
}
