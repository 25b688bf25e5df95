/**
 * What a cluster's status says, in words and an icon, from the cluster's health and the state of
 * the page's connection to the gateway. Colour is never the only signal: every tone has its own
 * icon shape and title word. Pure, so every case is tested without rendering.
 */
import type { ClusterHealth } from '../../protocol/model.ts';
import type { ConnectionState } from '../../worker/api.ts';
import { formatAge, formatDuration } from '../format/format-duration.ts';
import { formatWhen } from '../format/format-time.ts';

export type StatusTone = 'ok' | 'pending' | 'stale' | 'error';
export type StatusIcon = 'check' | 'spinner' | 'clock' | 'warning' | 'cross' | 'unplugged';

export interface StatusInput {
  health: ClusterHealth | null;
  message: string | null;
  /** End of the last good collection, epoch seconds. */
  lastOkAt: number | null;
  /** Time of the data shown, epoch seconds. */
  time: number | null;
  connection: ConnectionState | null;
  /** Since when the connection is in its state, epoch seconds. */
  connectionSince: number | null;
  /** Why the last attempt to reach the gateway failed (a worker error code), if it did. */
  connectionError?: string | null;
  now: number;
}

export interface StatusText {
  tone: StatusTone;
  icon: StatusIcon;
  /** One or two words: "Live", "Stale", "Unreachable". */
  title: string;
  /** Why and since when: "qstat timed out · since 14:02 (12 min)". */
  detail: string;
}

function since(time: number | null, now: number): string {
  if (time === null) return '';
  return `since ${formatWhen(time, now)} (${formatDuration(now - time)})`;
}

function join(...parts: Array<string | null | undefined>): string {
  return parts.filter((part) => part).join(' · ');
}

export function statusText(input: StatusInput): StatusText {
  const { health, message, lastOkAt, time, connection, connectionSince, now } = input;
  if (connection === 'reconnecting' || connection === 'offline') {
    const shown = time === null ? 'no data yet' : `showing data from ${formatWhen(time, now)}`;
    return {
      tone: 'error',
      icon: 'unplugged',
      title: 'Gateway unreachable',
      // The code says why (gateway-unreachable: no socket opens; connection-lost: it was open);
      // offline is the browser's own word, and the last error may predate it.
      detail: join(
        connection === 'offline' ? 'offline' : 'reconnecting',
        connection === 'reconnecting' ? input.connectionError : null,
        shown,
        since(connectionSince, now),
      ),
    };
  }
  if (health === null) {
    return { tone: 'pending', icon: 'spinner', title: connection === 'connecting' ? 'Connecting' : 'Waiting for data', detail: '' };
  }
  switch (health) {
    case 'ok':
      return { tone: 'ok', icon: 'check', title: 'Live', detail: time === null ? '' : `updated ${formatAge(now - time)}` };
    case 'stale':
      return {
        tone: 'stale',
        icon: 'clock',
        title: 'Stale',
        detail: join(message ?? 'no new data', lastOkAt === null ? null : `last data ${formatAge(now - lastOkAt)}`),
      };
    case 'unreachable':
      return { tone: 'error', icon: 'cross', title: 'Unreachable', detail: join(message ?? 'the agent does not answer', since(lastOkAt, now)) };
    case 'scheduler-error':
      return {
        tone: 'error',
        icon: 'warning',
        title: 'Scheduler error',
        detail: join(message ?? 'the scheduler’s commands fail', since(lastOkAt, now)),
      };
  }
}
