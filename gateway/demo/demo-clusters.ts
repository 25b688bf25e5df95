/**
 * The demo's simulated clusters: different sizes, all three PBS flavours and a Slurm (issue 8:
 * PBS and Slurm side by side), so the dashboard shows a busy national machine next to a small
 * group cluster. The last preset is "flaky": the
 * demo freezes its agent now and then, so its row shows what an unreachable cluster looks like and
 * how it recovers.
 */
export interface DemoCluster {
  name: string;
  label: string;
  flavour: 'torque' | 'pbspro' | 'openpbs' | 'slurm';
  jobs: number;
  nodes: number;
  users: number;
  groups: number;
  seed: number;
  /** Freeze the agent for a while every few minutes. */
  flaky: boolean;
}

const PRESETS: readonly Omit<DemoCluster, 'seed'>[] = [
  { name: 'hydra', label: 'Hydra (PBS Pro, 600 nodes)', flavour: 'pbspro', jobs: 6_000, nodes: 600, users: 120, groups: 16, flaky: false },
  { name: 'torrent', label: 'Torrent (Torque, 240 nodes)', flavour: 'torque', jobs: 3_000, nodes: 240, users: 50, groups: 10, flaky: false },
  { name: 'orca', label: 'Orca (OpenPBS, 64 nodes)', flavour: 'openpbs', jobs: 900, nodes: 64, users: 24, groups: 6, flaky: false },
  { name: 'wren', label: 'Wren (Slurm, group cluster)', flavour: 'slurm', jobs: 160, nodes: 16, users: 9, groups: 3, flaky: false },
  { name: 'gale', label: 'Gale (OpenPBS, sometimes unreachable)', flavour: 'openpbs', jobs: 1_500, nodes: 96, users: 30, groups: 8, flaky: true },
];

export const DEFAULT_DEMO_CLUSTERS = PRESETS.length;

/** `count` clusters: the presets in order, then numbered copies with other seeds. */
export function demoClusters(count: number): DemoCluster[] {
  return Array.from({ length: count }, (_, i) => {
    const preset = PRESETS[i % PRESETS.length]!;
    const round = Math.floor(i / PRESETS.length);
    return round === 0
      ? { ...preset, seed: 1000 + i }
      : { ...preset, name: `${preset.name}-${round + 1}`, label: `${preset.label} #${round + 1}`, seed: 1000 + i };
  });
}
