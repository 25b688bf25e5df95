/**
 * What every Slurm parser needs from the ParseContext: the zone to read local times in (used only
 * when the text prints `2026-11-28T02:57:04` rather than the epoch seconds the collector asks for),
 * and one warning per output for timestamps in a shape nobody asked for.
 */
import type { ParseContext } from '../parse-result.ts';
import { clockFor, defaultTimeZone, isValidTimeZone, type ZonedClock } from '../units/clock-time.ts';
import { readSlurmTimestamp } from './slurm-time.ts';

export class SlurmReading {
  readonly warnings: string[] = [];
  readonly clock: ZonedClock;
  private unreadableTimes = 0;
  private firstUnreadable: string | null = null;

  constructor(context: ParseContext) {
    const zone = context.timeZone ?? defaultTimeZone();
    if (isValidTimeZone(zone)) {
      this.clock = clockFor(zone);
    } else {
      this.warnings.push(`unknown time zone '${zone}': local times read as UTC`);
      this.clock = clockFor('UTC');
    }
  }

  /** Epoch seconds of a printed timestamp, or null (counted when the text is no timestamp). */
  time(text: string | null | undefined): number | null {
    const reading = readSlurmTimestamp(text, this.clock);
    if (reading.ok) return reading.value;
    this.unreadableTimes++;
    this.firstUnreadable ??= String(text);
    return null;
  }

  /** The warnings, with one line for every unreadable timestamp together. */
  finish(): string[] {
    if (this.unreadableTimes > 0) {
      this.warnings.push(
        `${this.unreadableTimes} timestamp(s) in an unknown format read as unknown (first: '${this.firstUnreadable}'; is SLURM_TIME_FORMAT set?)`,
      );
    }
    return this.warnings;
  }
}
