#!/usr/bin/env node
// Runs before `npm test`: makes sure the machine has the system programs the tests drive for real
// (Chromium for the browser tests, OpenSSH's sshd for the tunnel tests, Slurm and MUNGE for the
// real single-node Slurm cluster of e2e/slurm/). As root, or with
// password-less sudo, it installs the missing Debian packages; otherwise it stops with the exact
// command to run. Nothing is skipped silently.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const REQUIRED = [
  { pkg: 'chromium', present: () => existsSync(process.env.CHROME_PATH ?? '/usr/bin/chromium') },
  { pkg: 'openssh-server', present: () => existsSync('/usr/sbin/sshd') },
  { pkg: 'openssh-client', present: () => existsSync('/usr/bin/ssh-keygen') },
  { pkg: 'slurm-wlm', present: () => ['/usr/sbin/slurmctld', '/usr/sbin/slurmd', '/usr/bin/sbatch'].every((path) => existsSync(path)) },
  { pkg: 'munge', present: () => existsSync('/usr/sbin/munged') },
];

const missing = REQUIRED.filter((item) => !item.present()).map((item) => item.pkg);
if (missing.length === 0) process.exit(0);

const aptCommand = `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing.join(' ')}`;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasSudo = !isRoot && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
const hasApt = existsSync('/usr/bin/apt-get');

if (!hasApt || (!isRoot && !hasSudo)) {
  console.error(`webstat tests need these system packages: ${missing.join(', ')}.`);
  console.error(hasApt ? `Install them with:\n\n  sudo sh -c '${aptCommand}'\n` : 'Install them with your system package manager, then run npm test again.');
  process.exit(1);
}

console.error(`Installing ${missing.join(', ')} for the tests ...`);
const shell = isRoot ? ['sh', ['-c', aptCommand]] : ['sudo', ['sh', '-c', aptCommand]];
execFileSync(shell[0], shell[1], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
const still = REQUIRED.filter((item) => !item.present()).map((item) => item.pkg);
if (still.length > 0) {
  console.error(`Still missing after apt-get: ${still.join(', ')}`);
  process.exit(1);
}
