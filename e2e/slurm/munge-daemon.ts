/**
 * A private MUNGE daemon for one test cluster (issue 8): its own key (random, mode 0400, owned by
 * the munge user), socket, pid, seed and log files in the cluster's directory, run in the
 * foreground as the munge user. Slurm finds it through `AuthInfo=socket=...` in slurm.conf, so
 * the machine's own munged (if any) is not touched.
 *
 * munged checks the path to its socket strictly: the socket's directory must be searchable by
 * everyone (mode 0755) and writable only by the munge user.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DaemonProcess } from './daemon-process.ts';
import { systemUser } from './system-users.ts';
import { waitUntil } from './wait-until.ts';

export const MUNGED = '/usr/sbin/munged';

export interface MungeDaemon {
  socket: string;
  process: DaemonProcess;
}

export async function startMunge(directory: string): Promise<MungeDaemon> {
  const munge = systemUser('munge');
  const dir = join(directory, 'munge');
  mkdirSync(dir, { mode: 0o755 });
  chownSync(dir, munge.uid, munge.gid);
  chmodSync(dir, 0o755);
  const key = join(dir, 'munge.key');
  writeFileSync(key, randomBytes(1024), { mode: 0o400 });
  chownSync(key, munge.uid, munge.gid);
  chmodSync(key, 0o400);

  const socket = join(dir, 'munge.socket');
  const daemon = new DaemonProcess(
    'munged',
    [MUNGED, '--foreground', `--socket=${socket}`, `--key-file=${key}`, `--pid-file=${join(dir, 'munged.pid')}`, `--log-file=${join(dir, 'munged.log')}`, `--seed-file=${join(dir, 'munged.seed')}`],
    { uid: munge.uid, gid: munge.gid, cwd: dir },
  );
  await waitUntil(() => existsSync(socket) || daemon.ended !== null, { timeoutMs: 10_000, what: 'munged to create its socket' }).catch((error: Error) => {
    throw new Error(`${error.message}\n${daemon.tail()}`);
  });
  if (daemon.ended !== null) throw new Error(`munged ${daemon.ended}:\n${daemon.tail()}`);
  return { socket, process: daemon };
}
