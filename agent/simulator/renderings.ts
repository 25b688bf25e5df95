/**
 * Every scheduler output the simulator can print, by name (`webstat-agent simulate --print NAME`)
 * and by the command line that prints it on a real server (what the simulated scheduler answers).
 */
import type { RenderContext } from './render-context.ts';
import { renderPbsnodesJson, renderPbsnodesText, renderPbsnodesXml } from './render-pbsnodes.ts';
import { renderQstatJson, renderQstatText, renderQstatXml } from './render-qstat-jobs.ts';
import { renderQueuesJson, renderQueuesText } from './render-queues.ts';
import { renderQstatVersion, renderServerText } from './render-server.ts';
import { SLURM_RENDERINGS } from '../slurm/simulated-slurm.ts';

type Flavour = 'torque' | 'pbspro' | 'openpbs' | 'slurm';
const PBS: readonly Flavour[] = ['pbspro', 'openpbs'];
const ALL: readonly Flavour[] = ['torque', 'pbspro', 'openpbs'];
const TORQUE: readonly Flavour[] = ['torque'];

export interface Rendering {
  name: string;
  program: 'qstat' | 'pbsnodes' | 'squeue' | 'sinfo';
  args: readonly string[];
  flavours: readonly Flavour[];
  render(context: RenderContext): string;
}

export const RENDERINGS: readonly Rendering[] = [
  { name: 'qstat-f', program: 'qstat', args: ['-f', '-t'], flavours: ALL, render: (c) => renderQstatText(c) },
  { name: 'qstat-f-1', program: 'qstat', args: ['-f', '-t', '-1'], flavours: TORQUE, render: (c) => renderQstatText(c, { oneLine: true }) },
  { name: 'qstat-f-json', program: 'qstat', args: ['-f', '-t', '-F', 'json'], flavours: PBS, render: renderQstatJson },
  { name: 'qstat-x', program: 'qstat', args: ['-x', '-t'], flavours: TORQUE, render: renderQstatXml },
  { name: 'pbsnodes-a', program: 'pbsnodes', args: ['-a'], flavours: ALL, render: renderPbsnodesText },
  { name: 'pbsnodes-a-json', program: 'pbsnodes', args: ['-a', '-F', 'json'], flavours: PBS, render: renderPbsnodesJson },
  { name: 'pbsnodes-x', program: 'pbsnodes', args: ['-x'], flavours: TORQUE, render: renderPbsnodesXml },
  { name: 'qstat-Q-f', program: 'qstat', args: ['-Q', '-f'], flavours: ALL, render: renderQueuesText },
  { name: 'qstat-Q-f-json', program: 'qstat', args: ['-Q', '-f', '-F', 'json'], flavours: PBS, render: renderQueuesJson },
  { name: 'qstat-B-f', program: 'qstat', args: ['-B', '-f'], flavours: ALL, render: renderServerText },
  { name: 'qstat-version', program: 'qstat', args: ['--version'], flavours: ALL, render: renderQstatVersion },
  // Slurm: the simulator's cluster as squeue and sinfo print it (agent/slurm/simulated-slurm.ts).
  ...SLURM_RENDERINGS,
];

export function renderingNamed(name: string): Rendering | undefined {
  return RENDERINGS.find((rendering) => rendering.name === name);
}

/** The rendering a command line asks for, whatever the flavour (null when no server prints it). */
export function renderingFor(program: string, args: readonly string[]): Rendering | undefined {
  return RENDERINGS.find(
    (rendering) => rendering.program === program && rendering.args.length === args.length && rendering.args.every((arg, i) => arg === args[i]),
  );
}
