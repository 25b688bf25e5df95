/**
 * Times and sizes as PBS prints them: ctime-style dates in the server's local time
 * (`Tue Apr  9 15:01:47 2013`, day padded with a space, no zone), `HH:MM:SS` durations with
 * unbounded hours, sizes in kb.
 */
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Offsets of a zone, cached per hour: rendering 100,000 jobs formats half a million dates. */
class ZoneOffsets {
  private readonly byHour = new Map<number, number>();
  private readonly format: Intl.DateTimeFormat | null;

  constructor(timeZone: string) {
    this.format =
      timeZone === 'UTC'
        ? null
        : new Intl.DateTimeFormat('en-US', {
            timeZone,
            hourCycle: 'h23',
            year: 'numeric',
            month: 'numeric',
            day: 'numeric',
            hour: 'numeric',
            minute: 'numeric',
            second: 'numeric',
          });
  }

  /** Seconds to add to UTC to get the zone's wall clock at `epoch`. */
  offset(epoch: number): number {
    if (!this.format) return 0;
    const hour = Math.floor(epoch / 3600);
    let offset = this.byHour.get(hour);
    if (offset === undefined) {
      const parts: Record<string, number> = {};
      for (const part of this.format.formatToParts(new Date(hour * 3600_000))) parts[part.type] = Number(part.value);
      const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) / 1000;
      offset = wall - hour * 3600;
      this.byHour.set(hour, offset);
    }
    return offset;
  }
}

const zones = new Map<string, ZoneOffsets>();

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `Tue Apr  9 15:01:47 2013` in `timeZone` (an IANA name). */
export function formatCtime(epoch: number, timeZone = 'UTC'): string {
  let zone = zones.get(timeZone);
  if (!zone) {
    zone = new ZoneOffsets(timeZone);
    zones.set(timeZone, zone);
  }
  const d = new Date((epoch + zone.offset(epoch)) * 1000);
  const day = d.getUTCDate();
  return (
    `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${day < 10 ? ` ${day}` : day} ` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} ${d.getUTCFullYear()}`
  );
}

/** `HH:MM:SS`, hours unbounded (`4090:56:03`). */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${pad2(Math.floor(s / 3600))}:${pad2(Math.floor((s % 3600) / 60))}:${pad2(s % 60)}`;
}

/** Bytes as PBS prints sizes: whole kb (`13378420kb`). */
export function formatKb(bytes: number): string {
  return `${Math.round(bytes / 1024)}kb`;
}

/** A request size as users write it and PBS echoes it back (`64gb`, `512mb`). */
export function formatRequestSize(bytes: number): string {
  if (bytes % 2 ** 30 === 0) return `${bytes / 2 ** 30}gb`;
  if (bytes % 2 ** 20 === 0) return `${bytes / 2 ** 20}mb`;
  return formatKb(bytes);
}
