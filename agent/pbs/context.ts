/**
 * What every PBS parser needs from the ParseContext: the zone to read local times in.
 */
import type { ParseContext } from '../parse-result.ts';
import { clockFor, defaultTimeZone, isValidTimeZone, type ZonedClock } from '../units/clock-time.ts';

/** The clock for the context's zone; an unknown zone falls back to UTC and says so. */
export function clockOf(context: ParseContext, warnings: string[]): ZonedClock {
  const zone = context.timeZone ?? defaultTimeZone();
  if (isValidTimeZone(zone)) return clockFor(zone);
  warnings.push(`unknown time zone '${zone}': local times read as UTC`);
  return clockFor('UTC');
}
