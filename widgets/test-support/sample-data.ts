/**
 * Small, readable cluster data for component tests: built in the test's own terms, so a test can
 * say "smith runs 512 cores" and then look for 512 on the screen.
 */
import type { ClusterView } from '../../worker/api.ts';
import { emptyJobCounts, emptyNodeCounts, type Status, type Usage } from '../../protocol/model.ts';

export function usage(name: string, coresRunning: number, extra: Partial<Usage> = {}): Usage {
  return {
    name,
    coresRunning,
    coresQueued: 0,
    gpusRunning: 0,
    gpusQueued: 0,
    jobsRunning: coresRunning > 0 ? 1 : 0,
    jobsQueued: 0,
    jobsHeld: 0,
    ...extra,
  };
}

export const OK_STATUS: Status = {
  health: 'ok',
  code: null,
  message: null,
  lastOkAt: 1_795_000_000,
  durationMs: 840,
  outputBytes: 120_000,
};

/** A cluster of 2,048 cores on 64 nodes (2 down, 1 offline), three users in two groups. */
export function sampleView(overrides: Partial<ClusterView> = {}): ClusterView {
  const nodes = emptyNodeCounts();
  nodes.busy = 40;
  nodes['partly-used'] = 12;
  nodes.free = 9;
  nodes.down = 2;
  nodes.offline = 1;
  const jobs = emptyJobCounts();
  jobs.running = 37;
  jobs.exiting = 1;
  jobs.queued = 120;
  jobs.waiting = 3;
  jobs.held = 4;
  return {
    cluster: 'hopper',
    label: 'Hopper',
    level: 'users',
    seq: 42,
    time: 1_795_000_000,
    scheduler: { kind: 'pbs', flavour: 'pbspro', version: '2022.1.3', server: 'hopper-pbs' },
    status: OK_STATUS,
    summary: {
      coresTotal: 2048,
      coresUsed: 1240,
      coresUnavailable: 96,
      gpusTotal: 16,
      gpusUsed: 6,
      nodes,
      jobs,
      oldestQueuedSince: 1_795_000_000 - 2 * 86_400 - 3 * 3_600,
      users: [
        usage('garcia', 240, { coresQueued: 64, jobsRunning: 6 }),
        usage('kumar', 488, { gpusRunning: 6, jobsRunning: 11 }),
        usage('smith', 512, { coresQueued: 1024, jobsRunning: 21, jobsQueued: 118 }),
      ],
      groups: [usage('chem', 752, { jobsRunning: 27 }), usage('physics', 488, { jobsRunning: 11 })],
      queues: [usage('normal', 1000, { jobsRunning: 30 }), usage('gpu', 240, { jobsRunning: 8 })],
    },
    nodes: [],
    queues: [],
    jobs: [],
    ...overrides,
  };
}
