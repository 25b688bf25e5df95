/**
 * Local users (and their own groups) for jobs submitted by "two people": created with `useradd`
 * when missing, without a home directory or a login shell, since only Slurm runs things as them.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface SystemUser {
  name: string;
  uid: number;
  gid: number;
  /** The user's primary group name. */
  group: string;
}

function lookUp(name: string): SystemUser | null {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(`${name}:`));
  if (!line) return null;
  const [, , uid, gid] = line.split(':');
  const groupLine = readFileSync('/etc/group', 'utf8')
    .split('\n')
    .find((entry) => entry.split(':')[2] === gid);
  return { name, uid: Number(uid), gid: Number(gid), group: groupLine?.split(':')[0] ?? String(gid) };
}

/** The user, created with a group of its own name if it does not exist yet. */
export function ensureSystemUser(name: string): SystemUser {
  const known = lookUp(name);
  if (known) return known;
  execFileSync('useradd', ['--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', name], { stdio: 'pipe' });
  const created = lookUp(name);
  if (!created) throw new Error(`useradd ${name} did not create the user`);
  return created;
}

/** An existing system user (such as `munge`), or an error saying which is missing. */
export function systemUser(name: string): SystemUser {
  const user = lookUp(name);
  if (!user) throw new Error(`no '${name}' user on this machine (is its package installed?)`);
  return user;
}
