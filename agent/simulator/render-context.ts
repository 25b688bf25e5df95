/** What every renderer of one poll needs beside the cluster itself. */
import type { SyntheticCluster } from './synthetic-cluster.ts';

export interface RenderContext {
  cluster: SyntheticCluster;
  /** IANA zone the simulated server prints its dates in. */
  timeZone: string;
  /** Torque exec_host style: Torque 5+ prints ranges (`n1/0-15`), Torque 2-4 one entry per core. */
  torqueExecHost: 'ranges' | 'per-core';
}

export function renderContext(cluster: SyntheticCluster, options: Partial<Omit<RenderContext, 'cluster'>> = {}): RenderContext {
  return { cluster, timeZone: options.timeZone ?? 'UTC', torqueExecHost: options.torqueExecHost ?? 'ranges' };
}

/** The cores each node has handed out so far in this rendering, for slot numbers in exec_host. */
export class SlotCounter {
  private readonly used = new Map<number, number>();

  /** The first slot of `cores` more cores on node `node`. */
  take(node: number, cores: number): number {
    const first = this.used.get(node) ?? 0;
    this.used.set(node, first + cores);
    return first;
  }
}
