/**
 * One collection: run the flavour's commands one after another, parse each output with the real
 * parsers, and either return the cluster as read or say, as `{code, message}`, why not.
 *
 * Never throws for anything the scheduler does: a missing command, a timeout, a non-zero exit,
 * output no parser understands all come back as a failure the Status can carry.
 *
 * Kept between collections: the detected flavour, and which JSON forms failed. When a JSON form is
 * refused or unreadable and its text fallback works, the next PRIMARY_RETRY_AFTER collections go
 * straight to the text form, so a broken `-F json` does not double the load on the server every
 * interval; then the JSON is tried again (the job whose environment broke it may have ended).
 */
import type { Job, Node, Queue, SchedulerInfo } from '../../protocol/model.ts';
import type { FormatName } from '../formats.ts';
import { enrichWithMoab } from '../moab/enrich.ts';
import { ParseError, type ParseContext, type ParsedOutput } from '../parse-result.ts';
import { commandFailure, type CollectionFailure } from './collection-failure.ts';
import { collectedCluster, schedulerInfo, type CollectedCluster } from './collected-cluster.ts';
import { commandPlan, type CommandPaths, type PlanStep, type StepRole } from './command-plan.ts';
import { detectFlavour, type DetectedScheduler } from './detect-flavour.ts';
import { schedulerKind, type CollectorFlavour, type FlavourSetting } from './flavour.ts';
import { commandLine, runCommand, type CommandRunner, type RunOptions } from './run-command.ts';
import { detectSlurm } from '../slurm/detect-slurm.ts';

/** agent/formats.ts `parseOutput`, or a stand-in in unit tests. */
export type ParseOutput = (text: string, format: FormatName, context: ParseContext) => ParsedOutput;

export interface CollectorOptions {
  flavour: FlavourSetting;
  commands: CommandPaths;
  /** Each command is killed (with its process group) after this long. */
  commandTimeoutMs: number;
  /** IANA zone the scheduler prints local times in; default: the agent's own. */
  timeZone?: string;
  env?: NodeJS.ProcessEnv;
  /** Collections that skip a JSON/XML form after it failed (default PRIMARY_RETRY_AFTER). */
  primaryRetryAfter?: number;
}

export interface CollectionReport {
  durationMs: number;
  /** Bytes the commands printed on stdout. */
  outputBytes: number;
  /** Things that worked out but an admin may want to know (a fallback was used …). */
  warnings: string[];
}

export type CollectionOutcome =
  | ({ ok: true; cluster: CollectedCluster } & CollectionReport)
  | ({ ok: false; failure: CollectionFailure; scheduler: SchedulerInfo } & CollectionReport);

export const PRIMARY_RETRY_AFTER = 10;

type StepResult = { ok: true; parsed: ParsedOutput } | { ok: false; failure: CollectionFailure };

export class Collector {
  private detected: DetectedScheduler | null = null;
  /** Step role → collections left that skip the step's first (JSON/XML) form. */
  private readonly skipPrimary = new Map<StepRole, number>();

  constructor(
    private readonly options: CollectorOptions,
    private readonly parse: ParseOutput,
    private readonly run: CommandRunner = runCommand,
    private readonly clock: () => number = Date.now,
  ) {}

  /** What is known of the scheduler without running anything new. */
  get scheduler(): SchedulerInfo {
    const known = this.knownFlavour();
    return schedulerInfo([{ kind: known ? schedulerKind(known) : 'pbs' }, known ? { flavour: known } : {}, this.detected ?? {}]);
  }

  private knownFlavour(): CollectorFlavour | null {
    return this.options.flavour !== 'auto' ? this.options.flavour : (this.detected?.flavour ?? null);
  }

  /** `signal` aborts the commands in flight (the agent is stopping). */
  async collect(signal?: AbortSignal): Promise<CollectionOutcome> {
    const started = performance.now();
    const report: CollectionReport = { durationMs: 0, outputBytes: 0, warnings: [] };
    const finish = <T extends object>(outcome: T) => ({ ...outcome, ...report, durationMs: performance.now() - started });
    const runOptions: RunOptions = {
      timeoutMs: this.options.commandTimeoutMs,
      ...(this.options.env ? { env: this.options.env } : {}),
      ...(signal ? { signal } : {}),
    };

    let flavour = this.options.flavour;
    if (flavour === 'auto') {
      if (!this.detected) {
        // Slurm first: its `qstat` may be a Torque-compatibility wrapper.
        const slurm = await detectSlurm(this.run, this.options.commands.sinfo ?? 'sinfo', runOptions);
        report.outputBytes += slurm.outputBytes;
        if ('failure' in slurm) return finish({ ok: false as const, failure: slurm.failure, scheduler: this.scheduler });
        if (slurm.found) this.detected = { flavour: 'slurm', version: slurm.version, server: null };
      }
      if (!this.detected) {
        const detection = await detectFlavour(this.run, this.options.commands.qstat, runOptions);
        report.outputBytes += detection.outputBytes;
        if (!detection.ok) return finish({ ok: false as const, failure: detection.failure, scheduler: this.scheduler });
        this.detected = detection.detected;
      }
      flavour = this.detected.flavour;
    } else if (flavour === 'slurm' && !this.detected) {
      // Slurm's version costs one local `sinfo --version` (no call to the controller), once.
      const slurm = await detectSlurm(this.run, this.options.commands.sinfo ?? 'sinfo', runOptions);
      report.outputBytes += slurm.outputBytes;
      if ('failure' in slurm) return finish({ ok: false as const, failure: slurm.failure, scheduler: this.scheduler });
      this.detected = { flavour: 'slurm', version: slurm.found ? slurm.version : null, server: null };
    }

    const context: ParseContext = {
      now: Math.floor(this.clock() / 1000),
      // Only the PBS parsers take a flavour; the Slurm ones read one scheduler.
      ...(flavour !== 'slurm' ? { flavour } : {}),
      ...(this.options.timeZone ? { timeZone: this.options.timeZone } : {}),
    };
    const parsed = new Map<StepRole, ParsedOutput>();
    for (const step of commandPlan(flavour, this.options.commands)) {
      const result = await this.runStep(step, context, runOptions, report);
      if (!result.ok) return finish({ ok: false as const, failure: result.failure, scheduler: this.scheduler });
      parsed.set(step.role, result.parsed);
      report.warnings.push(...result.parsed.warnings.map((warning) => `${step.role}: ${warning}`));
    }

    const jobsOutput = parsed.get('jobs');
    const moab = parsed.get('moab');
    const jobs: Job[] = moab ? enrichWithMoab(jobsOutput?.jobs ?? [], moab.jobs ?? []) : (jobsOutput?.jobs ?? []);
    const nodes: Node[] = parsed.get('nodes')?.nodes ?? [];
    const queues: Queue[] = parsed.get('queues')?.queues ?? [];
    const scheduler = schedulerInfo([
      { kind: schedulerKind(flavour), flavour },
      this.detected ?? {},
      jobsOutput?.scheduler ?? {},
      parsed.get('queues')?.scheduler ?? {},
      parsed.get('nodes')?.scheduler ?? {},
    ]);
    return finish({ ok: true as const, cluster: collectedCluster(scheduler, { jobs, nodes, queues }) });
  }

  private async runStep(
    step: PlanStep,
    context: ParseContext,
    runOptions: RunOptions,
    report: CollectionReport,
  ): Promise<StepResult> {
    const skip = this.skipPrimary.get(step.role) ?? 0;
    const first = skip > 0 && step.attempts.length > 1 ? 1 : 0;
    if (skip > 0) this.skipPrimary.set(step.role, skip - 1);
    let refused: string | null = null;

    for (let i = first; i < step.attempts.length; i++) {
      const attempt = step.attempts[i]!;
      const isLast = i === step.attempts.length - 1;
      const env = attempt.env ? { ...(runOptions.env ?? process.env), ...attempt.env } : runOptions.env;
      const result = await this.run({ argv: attempt.argv }, { ...runOptions, ...(env ? { env } : {}) });
      report.outputBytes += result.outputBytes;
      const failure = commandFailure(result, runOptions.timeoutMs);
      if (failure) {
        // A refused option (old PBS without `-F json`) has a fallback; a missing command or a
        // timeout would only repeat with the fallback, so they end the collection.
        if (failure.code === 'command-failed' && !isLast) {
          refused = failure.message;
          continue;
        }
        return { ok: false, failure };
      }
      try {
        const parsed = this.parse(result.stdout, attempt.format, context);
        if (i > 0 && first === 0) {
          this.skipPrimary.set(step.role, this.options.primaryRetryAfter ?? PRIMARY_RETRY_AFTER);
          report.warnings.push(`${step.role}: used ${commandLine(attempt.argv)} because ${refused}`);
        }
        return { ok: true, parsed };
      } catch (error) {
        if (!(error instanceof ParseError)) throw error;
        const message = `${error.message} (output of ${commandLine(attempt.argv)})`;
        if (!isLast) {
          refused = message;
          continue;
        }
        return { ok: false, failure: { code: 'parse-error', message } };
      }
    }
    // Unreachable: the last attempt always returns.
    return { ok: false, failure: { code: 'command-failed', message: refused ?? `${step.role}: no command to run` } };
  }
}
