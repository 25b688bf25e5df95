/**
 * What every scheduler-output parser returns, and the one error it throws. Parsers are pure
 * functions of text: no process, no clock (times come from the text or from `context.now`).
 */
import type { Job, Node, Queue, SchedulerInfo } from '../protocol/model.ts';

export interface ParseContext {
  /** Epoch seconds of the collection, for outputs that print times without a year or a zone. */
  now: number;
  /** The flavour when known (config or detection); parsers may refine it from the text. */
  flavour?: 'torque' | 'pbspro' | 'openpbs';
  /** IANA zone the scheduler prints local times in; default: the agent's own. */
  timeZone?: string;
}

export interface ParsedOutput {
  /** What the text says of the scheduler (flavour, version, server), when it says anything. */
  scheduler: Partial<SchedulerInfo>;
  /** Present when the output lists jobs (even if there are none). */
  jobs?: Job[];
  nodes?: Node[];
  queues?: Queue[];
  /** Things the parser survived but a person may want to know (an unknown state letter ...). */
  warnings: string[];
}

/** A text the parser cannot make sense of: never a silent zero, never a crash of the agent. */
export class ParseError extends Error {
  override name = 'ParseError';
  readonly code = 'parse-error';
  constructor(
    /** The command whose output this was (`qstat -f`, `pbsnodes -x` ...). */
    readonly command: string,
    /** 1-based line of the text where parsing failed (0 when not tied to a line). */
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${command}: line ${line}: ${reason}`);
  }
}
