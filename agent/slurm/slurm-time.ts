/**
 * Times and durations as Slurm prints them.
 *
 * Timestamps: by default `2026-11-28T02:57:04` in the local time of the machine that runs the
 * command, no zone; the collector sets `SLURM_TIME_FORMAT=%s` so its commands print epoch seconds
 * instead (no zone to guess, no daylight-saving ambiguity). Both read here. A pending job's start
 * is `N/A` or `Unknown` until the backfill scheduler has an estimate. JSON prints epoch seconds,
 * with 0 for "not set".
 *
 * Durations (time limits): `D-HH:MM:SS`, `H:MM:SS`, `MM:SS`; `UNLIMITED`, `INFINITE`, `NOT_SET`,
 * `Partition_Limit`, `N/A` and `n/a` mean no limit (null). JSON prints limits in minutes.
 */
import type { ZonedClock } from '../units/clock-time.ts';
import { parsePbsDuration } from '../units/duration.ts';
import { slurmCount } from './slurm-value.ts';

const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/;

export type TimestampReading = { ok: true; value: number | null } | { ok: false };

const NOT_SET: TimestampReading = { ok: true, value: null };

/**
 * Epoch seconds of a printed timestamp; `{ok: true, value: null}` for "not set" words and 0;
 * `{ok: false}` for a text that is no timestamp at all (a site-wide SLURM_TIME_FORMAT the agent
 * did not override), so the caller can say so once.
 */
export function readSlurmTimestamp(text: string | null | undefined, clock: ZonedClock): TimestampReading {
  const trimmed = (text ?? '').trim();
  const epoch = slurmCount(trimmed);
  if (epoch !== null) return epoch === 0 ? NOT_SET : { ok: true, value: epoch };
  if (trimmed === '' || /^(n\/a|unknown|none|\(null\))$/i.test(trimmed)) return NOT_SET;
  const iso = ISO_LOCAL.exec(trimmed);
  if (!iso) return { ok: false };
  const [, year, month, day, hour, minute, second] = iso.map(Number) as [number, number, number, number, number, number, number];
  return { ok: true, value: clock.toEpoch(year, month - 1, day, hour, minute, second) };
}

/** Seconds of a printed time limit, or null for no limit and for anything unreadable. */
export function parseSlurmDuration(text: string | null | undefined): number | null {
  const trimmed = (text ?? '').trim();
  if (!/^(\d+-)?\d+(:\d+){0,2}$/.test(trimmed)) return null;
  return parsePbsDuration(trimmed);
}

/** Seconds of a JSON time limit, which Slurm gives in minutes. */
export function minutesToSeconds(minutes: number | null): number | null {
  return minutes === null ? null : minutes * 60;
}
