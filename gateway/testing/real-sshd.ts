/**
 * A real OpenSSH sshd on loopback for the gateway's tests. It runs in the foreground (`-D -e`)
 * with its own configuration, host key and authorized_keys in a temporary directory (absolute
 * paths: sshd re-executes itself), on a port found free just before. It runs as the current user
 * (root here), who is also the user the gateway logs in as. `stop()` kills it and removes the
 * directory. `kill()` and `restart()` are the login node's sshd dying with every connection it
 * served and coming back on the same port with the same host key (the end-to-end fault tests).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export const SSHD = '/usr/sbin/sshd';

/** A loopback port nothing listens on right now (a test then binds it; a race is possible but rare). */
export async function freePort(): Promise<number> {
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

  private child: ChildProcess | null = null;
  /** Where in the log the children of earlier runs end. */
  private forksSeenUpTo = 0;

  private constructor(
    private readonly dir: string,
    private readonly configFile: string,
    readonly port: number,
    /** `type base64` of the host key, as in known_hosts. */
    readonly hostKey: string,
  ) {}

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
    const hostKey = readFileSync(`${hostKeyFile}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
    const sshd = new RealSshd(dir, configFile, port, hostKey);
    await sshd.launch();
    return sshd;
  }

  private async launch(): Promise<void> {
    const child = spawn(SSHD, ['-D', '-e', '-f', this.configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    const logFrom = this.log.length;
    child.stderr!.on('data', (chunk) => (this.log += chunk));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`sshd did not start: ${this.log.slice(logFrom)}`)), 10_000);
      const onData = () => {
        if (!this.log.includes(`Server listening on 127.0.0.1 port ${this.port}`, logFrom)) return;
        clearTimeout(timer);
        child.stderr!.off('data', onData);
        resolve();
      };
      child.stderr!.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`sshd exited with ${code}: ${this.log.slice(logFrom)}`));
      });
    });
  }

  /** The known_hosts line naming this server as the gateway does: `[127.0.0.1]:PORT`. */
  knownHostsLine(): string {
    return `[127.0.0.1]:${this.port} ${this.hostKey}`;
  }

  /** Stops sshd and the per-connection processes it forked (they run in sessions of their own,
   * so they are found by the pids sshd logged, not by a process group). */
  async stop(): Promise<void> {
    await this.end('SIGTERM');
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** sshd and every connection it served die at once (SIGKILL); the directory stays. */
  async kill(): Promise<void> {
    await this.end('SIGKILL');
  }

  /** sshd again, on the same port with the same host key and configuration. */
  async restart(): Promise<void> {
    await this.end('SIGTERM');
    await this.launch();
  }

  private async end(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill(signal);
      await exited;
    }
    // Only children forked since the last end, and only while they are still sshd: a pid of a
    // connection that ended long ago may belong to another process by now.
    for (const match of this.log.slice(this.forksSeenUpTo).matchAll(/Forked child (\d+)/g)) {
      const pid = Number(match[1]);
      try {
        if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'sshd') process.kill(pid, signal);
      } catch {
        // Already gone: the client closed its connection first.
      }
    }
    this.forksSeenUpTo = this.log.length;
  }
}
