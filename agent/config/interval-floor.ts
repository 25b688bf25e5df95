/**
 * The lowest `interval:` an agent configuration may give. 15 s (collection-budget.ts) protects a
 * real scheduler, and stays the floor for every real deployment.
 *
 * The end-to-end tests (e2e/) run `webstat-agent serve` against fake `qstat`/`pbsnodes`
 * executables, which need no protection, and cannot spend minutes on each fault they inject.
 * They set WEBSTAT_AGENT_TEST_INTERVAL_FLOOR (whole seconds, 1 to 15) in the agent's environment,
 * as `webstat-agent simulate --interval` goes below the floor for the simulated scheduler. Only
 * the floor moves: one collection at a time, the next no sooner than 10x the last one's duration,
 * and the command timeout all still apply. Any other value leaves the floor at 15 s.
 */
import { MINIMUM_INTERVAL_SECONDS } from '../service/collection-budget.ts';

export const TEST_INTERVAL_FLOOR_VARIABLE = 'WEBSTAT_AGENT_TEST_INTERVAL_FLOOR';

export function intervalFloor(env: NodeJS.ProcessEnv = process.env): number {
  const value = env[TEST_INTERVAL_FLOOR_VARIABLE];
  if (value === undefined || !/^\d+$/.test(value)) return MINIMUM_INTERVAL_SECONDS;
  // Whole seconds: the agent tells the gateway its interval as an integer.
  const seconds = Number(value);
  return seconds >= 1 && seconds <= MINIMUM_INTERVAL_SECONDS ? seconds : MINIMUM_INTERVAL_SECONDS;
}
