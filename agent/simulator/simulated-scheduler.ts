/**
 * A scheduler without processes: answers the collector's command lines with text rendered from a
 * SyntheticCluster, so `webstat-agent simulate` runs the real collection loop and the real parsers.
 *
 * The cluster follows the wall clock: every `interval` seconds of real time it takes one step
 * (arrivals, starts, finishes, node events), however often it is asked, like a real server.
 * A command line the flavour's real server does not understand (`-F json` on Torque) fails with
 * exit status 2 and a message on stderr, as the real command does.
 */
import { basename } from 'node:path';
import type { CommandResult, CommandRunner } from '../collector/run-command.ts';
import { renderContext, type RenderContext } from './render-context.ts';
import { renderingFor } from './renderings.ts';
import type { SyntheticCluster } from './synthetic-cluster.ts';

/** Catching up after a long pause: beyond this many steps the clock jumps instead. */
const MAX_STEPS_AT_ONCE = 30;

export interface SimulatedSchedulerOptions {
  /** Epoch milliseconds; default Date.now. */
  clock?: () => number;
  timeZone?: string;
  torqueExecHost?: RenderContext['torqueExecHost'];
}

export class SimulatedScheduler {
  private readonly context: RenderContext;
  private readonly clock: () => number;
  private readonly startedAt: number;
  private steps = 0;

  constructor(
    readonly cluster: SyntheticCluster,
    options: SimulatedSchedulerOptions = {},
  ) {
    this.context = renderContext(cluster, options);
    this.clock = options.clock ?? Date.now;
    this.startedAt = this.clock();
  }

  /** Brings the cluster up to the wall clock. */
  private catchUp(): void {
    const due = Math.floor((this.clock() - this.startedAt) / (this.cluster.options.interval * 1000));
    let behind = due - this.steps;
    if (behind > MAX_STEPS_AT_ONCE) {
      this.cluster.time += (behind - MAX_STEPS_AT_ONCE) * this.cluster.options.interval;
      behind = MAX_STEPS_AT_ONCE;
    }
    for (let i = 0; i < behind; i++) this.cluster.step();
    this.steps = due;
  }

  readonly run: CommandRunner = async (spec) => {
    const started = performance.now();
    const [program = '', ...args] = spec.argv;
    const name = basename(program);
    const rendering = renderingFor(name, args);
    let stdout = '';
    let stderr = '';
    let exitCode = 0;
    if (!rendering || !rendering.flavours.includes(this.cluster.options.flavour)) {
      stderr = `${name}: invalid option -- '${args.join(' ')}'\n`;
      exitCode = 2;
    } else {
      this.catchUp();
      stdout = rendering.render(this.context);
    }
    const result: CommandResult = {
      argv: spec.argv,
      stdout,
      stderr,
      exitCode,
      signal: null,
      timedOut: false,
      notFound: false,
      outputTooLarge: false,
      durationMs: performance.now() - started,
      outputBytes: Buffer.byteLength(stdout),
    };
    return result;
  };
}
