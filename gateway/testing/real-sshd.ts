/**
 * A real OpenSSH sshd on loopback for the gateway's tests. It runs in the foreground (`-D -e`)
 * with its own configuration, host key and authorized_keys in a temporary directory (absolute
 * paths: sshd re-executes itself), on a port found free just before. It runs as the current user
 * (root here), who is also the user the gateway logs in as. `stop()` kills it and removes the
 * directory.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export const SSHD = '/usr/sbin/sshd';

async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

export class RealSshd {
  /** Everything sshd printed (LogLevel DEBUG1), for tests that check what it did. */
  log = '';

  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    readonly port: number,
    /** `type base64` of the host key, as in known_hosts. */
    readonly hostKey: string,
  ) {
    child.stderr!.on('data', (chunk) => (this.log += chunk));
  }

  get user(): string {
    return userInfo().username;
  }

  /** Starts sshd accepting `authorizedKey` (an authorized_keys line) for the current user. */
  static async start(authorizedKey: string): Promise<RealSshd> {
    const dir = mkdtempSync(join(tmpdir(), 'webstat-sshd-'));
    // sshd refuses to start without its privilege separation directory.
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    const hostKeyFile = join(dir, 'ssh_host_ed25519_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKeyFile], { stdio: 'ignore' });
    writeFileSync(join(dir, 'authorized_keys'), `${authorizedKey}\n`, { mode: 0o600 });
    const port = await freePort();
    const config = [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKeyFile}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      'UsePAM no',
      // The temporary directory is not laid out as a home directory would be.
      'StrictModes no',
      'AllowTcpForwarding local',
      'X11Forwarding no',
      'PermitTTY no',
      'LogLevel DEBUG1',
    ].join('\n');
    const configFile = join(dir, 'sshd_config');
    writeFileSync(configFile, `${config}\n`);
    const child = spawn(SSHD, ['-D', '-e', '-f', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    const hostKey = readFileSync(`${hostKeyFile}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
    const sshd = new RealSshd(child, dir, port, hostKey);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`sshd did not start: ${sshd.log}`)), 10_000);
      const onData = () => {
        if (!sshd.log.includes(`Server listening on 127.0.0.1 port ${port}`)) return;
        clearTimeout(timer);
        child.stderr!.off('data', onData);
        resolve();
      };
      child.stderr!.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`sshd exited with ${code}: ${sshd.log}`));
      });
    });
    return sshd;
  }

  /** The known_hosts line naming this server as the gateway does: `[127.0.0.1]:PORT`. */
  knownHostsLine(): string {
    return `[127.0.0.1]:${this.port} ${this.hostKey}`;
  }

  /** Stops sshd and the per-connection processes it forked (they run in sessions of their own,
   * so they are found by the pids sshd logged, not by a process group). */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = once(this.child, 'exit');
      this.child.kill('SIGTERM');
      await exited;
    }
    for (const match of this.log.matchAll(/Forked child (\d+)/g)) {
      try {
        process.kill(Number(match[1]), 'SIGTERM');
      } catch {
        // Already gone: the client closed its connection first.
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
