/**
 * Local clock times as schedulers print them, to epoch seconds.
 *
 * PBS and Torque print ctime/asctime strings in the server's local time with no zone:
 * `Tue Apr  9 15:01:47 2013` (day padded with a space). Moab and Maui drop the year:
 * `Sat Jun 12 15:57:19`; the year is then the one that puts the time closest to the collection.
 * The zone comes from the agent's configuration (default: the agent's own), because the text
 * does not say it.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** The agent's own IANA zone. */
export function defaultTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Converts wall-clock times of one zone to epoch seconds. Offsets are cached per hour of wall
 * time, since a 100,000-job listing holds a few hundred thousand dates and Intl is slow.
 */
export class ZonedClock {
  private readonly formatter: Intl.DateTimeFormat;
  private readonly offsetByHour = new Map<number, number>();

  constructor(readonly zone: string) {
    this.formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** Epoch seconds of a wall-clock time in this zone (month 0-based). */
  toEpoch(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
    const wall = Date.UTC(year, month, day, hour, minute, second) / 1000;
    const hourKey = Math.floor(wall / 3600);
    let offset = this.offsetByHour.get(hourKey);
    if (offset === undefined) {
      // Two passes find the offset in force at that wall time, also next to a DST change.
      offset = this.offsetAt(wall - this.offsetAt(wall));
      this.offsetByHour.set(hourKey, offset);
    }
    return wall - offset;
  }

  /** Seconds the zone is ahead of UTC at the instant `epoch`. */
  private offsetAt(epoch: number): number {
    const fields: Record<string, number> = {};
    for (const part of this.formatter.formatToParts(new Date(epoch * 1000))) {
      if (part.type !== 'literal') fields[part.type] = Number(part.value);
    }
    const asUtc = Date.UTC(fields.year!, fields.month! - 1, fields.day!, fields.hour!, fields.minute!, fields.second!) / 1000;
    return asUtc - epoch;
  }
}

const clocks = new Map<string, ZonedClock>();

/** A shared clock per zone (the per-hour cache then serves every parse). */
export function clockFor(zone: string): ZonedClock {
  let clock = clocks.get(zone);
  if (!clock) {
    clock = new ZonedClock(zone);
    clocks.set(zone, clock);
  }
  return clock;
}

/**
 * Epoch seconds of `Tue Apr  9 15:01:47 2013` (weekday optional), or null when the text is not
 * such a date. Without a year (Moab), the year closest to `now` is taken.
 */
export function parseClockTime(text: string, clock: ZonedClock, now?: number): number | null {
  const fixed = fixedWidthCtime(text, clock);
  if (fixed !== null) return fixed;
  const fields = text.trim().split(/\s+/);
  if (fields.length > 0 && /^[A-Za-z]{3}$/.test(fields[0]!) && MONTHS.indexOf(fields[0]!.toLowerCase()) < 0) fields.shift();
  if (fields.length !== 3 && fields.length !== 4) return null;
  const month = MONTHS.indexOf(fields[0]!.toLowerCase());
  if (month < 0) return null;
  if (!/^\d{1,2}$/.test(fields[1]!)) return null;
  const day = Number(fields[1]);
  const time = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(fields[2]!);
  if (!time || day < 1 || day > 31) return null;
  const hour = Number(time[1]);
  const minute = Number(time[2]);
  const second = time[3] === undefined ? 0 : Number(time[3]);
  if (hour > 23 || minute > 59 || second > 60) return null;
  if (fields.length === 4) {
    if (!/^\d{4}$/.test(fields[3]!)) return null;
    return clock.toEpoch(Number(fields[3]), month, day, hour, minute, second);
  }
  if (now === undefined) return null;
  const thisYear = new Date(now * 1000).getUTCFullYear();
  let best: number | null = null;
  for (const year of [thisYear - 1, thisYear, thisYear + 1]) {
    const epoch = clock.toEpoch(year, month, day, hour, minute, second);
    if (best === null || Math.abs(epoch - now) < Math.abs(best - now)) best = epoch;
  }
  return best;
}

/** Epoch seconds of a decimal epoch string (XML, JSON, `mtime` of queues), else null. */
export function parseEpoch(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,12}(?:\.\d+)?$/.test(trimmed)) return null;
  return Math.floor(Number(trimmed));
}

function digitsAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const code = text.charCodeAt(i);
    if (code === 32 && value === 0 && i < at + count - 1) continue;
    if (code < 48 || code > 57) return -1;
    value = value * 10 + code - 48;
  }
  return value;
}

/**
 * Fast path for the exact ctime layout `Www Mmm dd hh:mm:ss yyyy` (24 characters, fixed columns),
 * which is what PBS prints hundreds of thousands of times in a large listing.
 */
function fixedWidthCtime(text: string, clock: ZonedClock): number | null {
  if (text.length !== 24 || text.charCodeAt(3) !== 32 || text.charCodeAt(7) !== 32 || text.charCodeAt(10) !== 32) return null;
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58 || text.charCodeAt(19) !== 32) return null;
  const month = MONTHS.indexOf(text.slice(4, 7).toLowerCase());
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  const year = digitsAt(text, 20, 4);
  if (month < 0 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60 || year < 1970) return null;
  return clock.toEpoch(year, month, day, hour, minute, second);
}
