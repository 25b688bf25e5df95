/**
 * A real single-node Slurm cluster for tests (issue 8): a private munged, slurmctld and slurmd on
 * this machine, configured in a temporary directory, with local users to submit real `sbatch`
 * jobs as. Needs root and Debian's `slurm-wlm` and `munge` (e2e/system-packages.mjs installs them).
 *
 *   const cluster = await startSlurmCluster();          // node idle, ready for jobs
 *   const id = await cluster.submit('webstat-a', { cpus: 1, seconds: 60 });
 *   await cluster.waitForJob(id, (state) => state === 'RUNNING');
 *   const { stdout } = await cluster.client(['squeue', '--json']);   // any Slurm client
 *   spawn('webstat-agent', [...], { env: { ...process.env, ...cluster.env } });
 *   await cluster.stop();                                 // every process gone, directory removed
 *
 * Each cluster has its own ports, munge key and directory, so two can run side by side. Stopping
 * cancels the jobs, stops slurmd, slurmctld and munged by their pids, kills any job step left
 * behind (found by the cluster's directory, leftover-processes.ts) and removes the directory. If
 * the test process exits without stopping, the daemons are killed on the way out.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, hostname, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DaemonProcess } from './daemon-process.ts';
import { killProcessesUsing } from './leftover-processes.ts';
import { startMunge, MUNGED } from './munge-daemon.ts';
import { renderGresConf, renderSlurmConf, type PartitionSpec, type SlurmConfSpec } from './slurm-conf.ts';
import { ensureSystemUser, type SystemUser } from './system-users.ts';
import { waitUntil } from './wait-until.ts';

const execFileAsync = promisify(execFile);

export const SLURM_DAEMONS = { slurmctld: '/usr/sbin/slurmctld', slurmd: '/usr/sbin/slurmd' } as const;

export interface SlurmClusterOptions {
  /** Default: `batch` (default, 1 day) and `short` (1 hour, higher priority tier). */
  partitions?: PartitionSpec[];
  /** GPUs the node offers as GRES `gpu:tesla:N`; default 0. */
  gpus?: number;
  /** Node features; default `fast,ib`. */
  features?: string[];
  /** Local users to create for submitting; default `webstat-a` and `webstat-b`. */
  users?: string[];
  /** How long to wait for the node to come up idle; default 60 s. */
  startTimeoutMs?: number;
}

export interface JobRequest {
  /** CPUs (cores) for the job's one task. */
  cpus: number;
  /** How long the job sleeps. */
  seconds: number;
  name?: string;
  partition?: string;
  account?: string;
  /** GPUs per node (`--gres=gpu:N`). */
  gpus?: number;
  /** Submit held (`--hold`). */
  hold?: boolean;
  /** An array (`--array=1-4`). */
  array?: string;
  /** Time limit (`--time`), Slurm format. */
  time?: string;
}

export const DEFAULT_PARTITIONS: PartitionSpec[] = [
  { name: 'batch', default: true, maxTime: '1-00:00:00', priorityTier: 1 },
  { name: 'short', maxTime: '01:00:00', priorityTier: 2 },
];

/** Why a Slurm cluster cannot start on this machine, or null when it can. */
export async function slurmUnavailableReason(): Promise<string | null> {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return 'the Slurm harness runs munged and slurmd, which needs root';
  for (const program of [MUNGED, SLURM_DAEMONS.slurmctld, SLURM_DAEMONS.slurmd]) {
    try {
      await execFileAsync(program, ['-V']);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return `${program} is missing (apt-get install slurm-wlm munge)`;
    }
  }
  return null;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export class SlurmCluster {
  /** Environment every Slurm client needs to reach this cluster (`SLURM_CONF`). */
  readonly env: Readonly<Record<string, string>>;
  readonly users: ReadonlyMap<string, SystemUser>;
  private stopped = false;
  private readonly onExit = () => this.killNow();

  private constructor(
    readonly directory: string,
    readonly spec: SlurmConfSpec,
    readonly confPath: string,
    private readonly daemons: DaemonProcess[],
    users: SystemUser[],
  ) {
    this.env = { SLURM_CONF: confPath };
    this.users = new Map(users.map((user) => [user.name, user]));
    process.once('exit', this.onExit);
  }

  get nodeName(): string {
    return this.spec.nodeName;
  }

  get cpus(): number {
    return this.spec.cpus;
  }

  static async start(options: SlurmClusterOptions = {}): Promise<SlurmCluster> {
    const unavailable = await slurmUnavailableReason();
    if (unavailable) throw new Error(`cannot start a Slurm cluster: ${unavailable}`);
    const users = (options.users ?? ['webstat-a', 'webstat-b']).map(ensureSystemUser);
    const directory = mkdtempSync(join(tmpdir(), 'webstat-slurm-'));
    // munge, slurmd and the job users must be able to reach paths inside.
    chmodSync(directory, 0o755);
    const daemons: DaemonProcess[] = [];
    try {
      const munge = await startMunge(directory);
      daemons.push(munge.process);
      for (const sub of ['state', 'spool', 'log']) mkdirSync(join(directory, sub), { mode: 0o755 });
      const spec: SlurmConfSpec = {
        clusterName: 'webstattest',
        nodeName: hostname().split('.')[0]!,
        cpus: cpus().length,
        realMemoryMegabytes: Math.floor(totalmem() / 2 ** 20),
        controllerPort: await freePort(),
        nodePort: await freePort(),
        directory,
        mungeSocket: munge.socket,
        partitions: options.partitions ?? DEFAULT_PARTITIONS,
        gpus: options.gpus ?? 0,
        features: options.features ?? ['fast', 'ib'],
      };
      const confPath = join(directory, 'slurm.conf');
      writeFileSync(confPath, renderSlurmConf(spec));
      writeFileSync(join(directory, 'gres.conf'), renderGresConf(spec));
      for (let index = 0; index < spec.gpus; index++) await makeDeviceFile(join(directory, `gpu${index}`));

      const env = { ...process.env, SLURM_CONF: confPath };
      const controller = new DaemonProcess('slurmctld', [SLURM_DAEMONS.slurmctld, '-D', '-f', confPath], { env, cwd: directory });
      daemons.push(controller);
      const node = new DaemonProcess('slurmd', [SLURM_DAEMONS.slurmd, '-D', '-f', confPath, '-N', spec.nodeName], { env, cwd: directory });
      daemons.push(node);
      const cluster = new SlurmCluster(directory, spec, confPath, daemons, users);
      try {
        await waitUntil(
          async () => {
            for (const daemon of daemons) if (daemon.ended !== null) throw new Error(`${daemon.name} ${daemon.ended}:\n${daemon.tail()}`);
            return (await cluster.nodeState().catch(() => '')) === 'idle';
          },
          { timeoutMs: options.startTimeoutMs ?? 60_000, what: `node ${spec.nodeName} to be idle`, intervalMs: 300 },
        );
      } catch (error) {
        const logs = daemons.map((daemon) => `--- ${daemon.name}\n${daemon.tail(10)}`).join('\n');
        await cluster.stop();
        throw new Error(`${(error as Error).message}\n${logs}`);
      }
      return cluster;
    } catch (error) {
      for (const daemon of daemons.reverse()) await daemon.stop(2000);
      killProcessesUsing(directory);
      rmSync(directory, { recursive: true, force: true });
      throw error;
    }
  }

  /** Runs a Slurm client (`squeue`, `sinfo`, `scontrol` ...) against this cluster. */
  async client(argv: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<{ stdout: string; stderr: string }> {
    const [program, ...args] = argv;
    return execFileAsync(program!, args, { env: { ...process.env, ...this.env, ...env }, maxBuffer: 64 * 2 ** 20 });
  }

  /** The node's state word as `sinfo %T` prints it (`idle`, `mixed`, `allocated` ...). */
  async nodeState(): Promise<string> {
    const { stdout } = await this.client(['sinfo', '--noheader', '--Node', '--format=%T']);
    return stdout.split('\n')[0]!.trim();
  }

  /** Submits a job as a local user with `sbatch` (through `runuser`); returns its id. */
  async submit(user: string, job: JobRequest): Promise<string> {
    if (!this.users.has(user)) throw new Error(`'${user}' is not one of this cluster's users (${[...this.users.keys()].join(', ')})`);
    const args = [
      '--parsable',
      '--chdir=/tmp',
      '--output=/dev/null',
      '--error=/dev/null',
      '--ntasks=1',
      `--cpus-per-task=${job.cpus}`,
      `--job-name=${job.name ?? `sleep-${job.seconds}`}`,
      ...(job.partition ? [`--partition=${job.partition}`] : []),
      ...(job.account ? [`--account=${job.account}`] : []),
      ...(job.gpus ? [`--gres=gpu:${job.gpus}`] : []),
      ...(job.hold ? ['--hold'] : []),
      ...(job.array ? [`--array=${job.array}`] : []),
      ...(job.time ? [`--time=${job.time}`] : []),
      `--wrap=sleep ${job.seconds}`,
    ];
    const { stdout } = await execFileAsync('runuser', ['-u', user, '--', 'sbatch', ...args], {
      env: { ...process.env, ...this.env },
      cwd: '/tmp',
    });
    return stdout.trim().split(';')[0]!;
  }

  /**
   * Job id → long state of every job squeue lists (array tasks one by one): the live ones, and
   * with `finished` also those that ended less than MinJobAge (10 s) ago.
   */
  async jobStates(options: { finished?: boolean } = {}): Promise<Map<string, string>> {
    const states = options.finished === false ? [] : ['--states=all'];
    const { stdout } = await this.client(['squeue', '--all', '--array', '--noheader', ...states, '--format=%i %T']);
    return new Map(
      stdout
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => line.trim().split(/\s+/) as [string, string]),
    );
  }

  /** Waits until `accept` holds for the state of job `id` (`undefined` once squeue forgot it). */
  async waitForJob(id: string, accept: (state: string | undefined) => boolean, timeoutMs = 60_000): Promise<void> {
    await waitUntil(async () => accept((await this.jobStates()).get(id)), { timeoutMs, what: `job ${id}`, intervalMs: 300 });
  }

  /**
   * Freezes slurmctld (SIGSTOP): clients then hang as they do when a real controller is
   * overloaded, until `resumeController`.
   */
  pauseController(): void {
    this.daemon('slurmctld').signal('SIGSTOP');
  }

  resumeController(): void {
    this.daemon('slurmctld').signal('SIGCONT');
  }

  private daemon(name: string): DaemonProcess {
    const daemon = this.daemons.find((candidate) => candidate.name === name);
    if (!daemon) throw new Error(`no ${name} in this cluster`);
    return daemon;
  }

  /** Cancels every job of the cluster. */
  async cancelAll(): Promise<void> {
    const ids = [...(await this.jobStates({ finished: false })).keys()];
    if (ids.length > 0) await this.client(['scancel', ...ids]).catch(() => undefined);
  }

  /** Stops everything the cluster runs and removes its directory. Safe to call twice. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    process.removeListener('exit', this.onExit);
    const [munge, ...slurm] = this.daemons;
    // A frozen controller would answer nothing and ignore SIGTERM.
    for (const daemon of slurm) daemon.signal('SIGCONT');
    await this.cancelAll().catch(() => undefined);
    // Cancelled jobs pass through COMPLETING while their steps end; wait for that, not for the
    // controller to forget them.
    await waitUntil(async () => (await this.jobStates({ finished: false }).catch(() => new Map())).size === 0 || this.daemons.some((d) => d.ended !== null), {
      timeoutMs: 15_000,
      what: 'jobs to end',
    }).catch(() => undefined);
    for (const daemon of slurm.reverse()) await daemon.stop();
    killProcessesUsing(this.directory);
    await munge?.stop();
    killProcessesUsing(this.directory);
    rmSync(this.directory, { recursive: true, force: true });
  }

  private killNow(): void {
    for (const daemon of this.daemons) daemon.killNow();
    killProcessesUsing(this.directory);
    rmSync(this.directory, { recursive: true, force: true });
  }
}

export const startSlurmCluster = (options?: SlurmClusterOptions) => SlurmCluster.start(options);

/** A character device like /dev/null for a GPU's `File=`; a plain file where mknod is refused. */
async function makeDeviceFile(path: string): Promise<void> {
  try {
    await execFileAsync('mknod', [path, 'c', '1', '3']);
  } catch {
    writeFileSync(path, '');
  }
}
