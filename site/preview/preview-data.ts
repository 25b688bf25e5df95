/**
 * Made-up but plausible clusters for looking at the pages without a gateway (the preview pages
 * in this folder, served by `vite`; never part of the build): ten clusters of different sizes,
 * Zipf-like users, a day of history with a gap, and one cluster each stale, unreachable and
 * failing. Deterministic, so two screenshots compare.
 */
import { emptyJobCounts, emptyNodeCounts, type Usage } from '../../protocol/model.ts';
import type { ClusterView, SeriesQuery, SeriesResult } from '../../worker/api.ts';

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const USERS = ['smith', 'garcia', 'mueller', 'rossi', 'kumar', 'wang', 'nguyen', 'kowalski', 'novak', 'silva', 'tanaka', 'kim', 'dubois', 'fischer', 'okafor', 'haddad', 'jensen', 'virtanen', 'horvat', 'petrov'];
const GROUPS = ['chem', 'physics', 'biolab', 'astro', 'climate', 'materials', 'genomics', 'cfd', 'mlgroup'];

const CLUSTERS: Array<[string, string, string, number, number, number]> = [
  ['hopper', 'Hopper', 'pbspro', 4096, 128, 32],
  ['lovelace', 'Lovelace', 'openpbs', 2048, 64, 16],
  ['turing', 'Turing', 'torque', 1536, 48, 0],
  ['noether', 'Noether', 'pbspro', 8192, 256, 64],
  ['curie', 'Curie', 'openpbs', 1024, 32, 8],
  ['euler', 'Euler', 'torque', 768, 24, 0],
  ['gauss', 'Gauss', 'pbspro', 3072, 96, 0],
  ['meitner', 'Meitner', 'openpbs', 512, 16, 4],
  ['ramanujan', 'Ramanujan', 'pbspro', 2560, 80, 0],
  ['franklin', 'Franklin', 'torque', 640, 20, 0],
];

export const NOW = Math.floor(Date.now() / 1000);

export function previewViews(): ClusterView[] {
  return CLUSTERS.map(([cluster, label, flavour, cores, nodeCount, gpus], index) => {
    const next = random(index + 7);
    const users: Usage[] = [];
    const userCount = 6 + Math.floor(next() * 12);
    let budget = cores * (0.55 + next() * 0.4);
    for (let u = 0; u < userCount; u++) {
      const share = Math.max(1, Math.round((budget * 0.45) / (1 + next())));
      budget -= share;
      const name = USERS[(u * 7 + index * 3) % USERS.length]!;
      users.push({
        name,
        coresRunning: Math.round(share / 4) * 4,
        coresQueued: Math.round(next() * share * 2),
        gpusRunning: gpus > 0 && next() > 0.6 ? Math.ceil(next() * gpus * 0.3) : 0,
        gpusQueued: 0,
        jobsRunning: 1 + Math.floor(share / 32),
        jobsQueued: Math.floor(next() * 40),
        jobsHeld: next() > 0.8 ? 2 : 0,
      });
    }
    const groups = new Map<string, Usage>();
    users.forEach((user, u) => {
      const name = GROUPS[(u + index) % 5 === 0 ? 0 : (u * 3 + index) % GROUPS.length]!;
      const row = groups.get(name) ?? { name, coresRunning: 0, coresQueued: 0, gpusRunning: 0, gpusQueued: 0, jobsRunning: 0, jobsQueued: 0, jobsHeld: 0 };
      row.coresRunning += user.coresRunning;
      row.coresQueued += user.coresQueued;
      row.gpusRunning += user.gpusRunning;
      row.jobsRunning += user.jobsRunning;
      row.jobsQueued += user.jobsQueued;
      row.jobsHeld += user.jobsHeld;
      groups.set(name, row);
    });
    const coresUsed = users.reduce((sum, user) => sum + user.coresRunning, 0);
    const nodes = emptyNodeCounts();
    nodes.down = index % 3;
    nodes.offline = index % 4 === 1 ? 2 : 0;
    nodes.busy = Math.floor((nodeCount - nodes.down - nodes.offline) * 0.7);
    nodes['partly-used'] = Math.floor((nodeCount - nodes.down - nodes.offline) * 0.2);
    nodes.free = nodeCount - nodes.down - nodes.offline - nodes.busy - nodes['partly-used'];
    const jobs = emptyJobCounts();
    jobs.running = users.reduce((sum, user) => sum + user.jobsRunning, 0);
    jobs.queued = users.reduce((sum, user) => sum + user.jobsQueued, 0);
    jobs.held = users.reduce((sum, user) => sum + user.jobsHeld, 0);
    const health = index === 4 ? 'stale' : index === 6 ? 'unreachable' : index === 8 ? 'scheduler-error' : 'ok';
    const message =
      health === 'stale'
        ? 'collection overdue (last took 94 s)'
        : health === 'unreachable'
          ? 'ssh: connect to gauss-login1 port 22: connection timed out'
          : health === 'scheduler-error'
            ? 'qstat: cannot connect to server pbs01 (errno=15010)'
            : null;
    const time = health === 'ok' ? NOW - 20 - index * 3 : NOW - 1500 - index * 300;
    return {
      cluster,
      label,
      level: 'users',
      seq: 100 + index,
      time,
      scheduler: { kind: 'pbs', flavour, version: flavour === 'torque' ? '6.1.3' : flavour === 'pbspro' ? '2022.1.3' : '23.06.06', server: `${cluster}-pbs` },
      status: { health, code: null, message, lastOkAt: time, durationMs: 900, outputBytes: 200_000 },
      summary: {
        coresTotal: cores,
        coresUsed,
        coresUnavailable: (nodes.down + nodes.offline) * (cores / nodeCount),
        gpusTotal: gpus,
        gpusUsed: users.reduce((sum, user) => sum + user.gpusRunning, 0),
        nodes,
        jobs,
        oldestQueuedSince: NOW - Math.floor(next() * 4 * 86_400),
        users: users.sort((a, b) => (a.name < b.name ? -1 : 1)),
        groups: [...groups.values()].sort((a, b) => (a.name < b.name ? -1 : 1)),
        queues: [],
      },
      nodes: [],
      queues: [
        { name: 'normal', kind: 'execution', enabled: true, started: true, jobs: { ...emptyJobCounts(), running: 40, queued: 120 }, walltimeMax: 172_800, priority: 50, limits: {} },
        { name: 'gpu', kind: 'execution', enabled: true, started: false, jobs: { ...emptyJobCounts(), running: 4, queued: 9, held: 1 }, walltimeMax: 86_400, priority: 60, limits: {} },
        { name: 'workq', kind: 'route', enabled: true, started: true, jobs: emptyJobCounts(), walltimeMax: null, priority: null, limits: {} },
      ],
      jobs: [],
    };
  });
}

/** A series answer shaped like the worker's: the view's top users, drifting over the range. */
export function previewSeries(views: ClusterView[], query: SeriesQuery): SeriesResult {
  const view = views.find((one) => one.cluster === query.cluster);
  const times: number[] = [];
  for (let t = query.from; t <= query.to; t += query.step) times.push(t);
  if (!view) return { times, series: [] };
  const next = random(query.cluster.length * 31);
  const field = query.metric === 'gpus' ? 'gpusRunning' : query.metric === 'jobs' ? 'jobsRunning' : 'coresRunning';
  const ranked = [...view.summary.users].filter((user) => user[field] > 0).sort((a, b) => b[field] - a[field]);
  const named = ranked.slice(0, query.top);
  const rest = ranked.slice(query.top);
  const gapFrom = Math.floor(times.length * 0.62);
  const shape = (base: number, phase: number) =>
    times.map((time, i) => {
      if (view.status.health === 'unreachable' && time > view.time) return null;
      if (i >= gapFrom && i < gapFrom + 4 && query.cluster === 'lovelace') return null;
      const wave = 0.75 + 0.25 * Math.sin((i / times.length) * Math.PI * 3 + phase) + (next() - 0.5) * 0.1;
      return Math.max(0, Math.round(base * wave));
    });
  const series = named.map((user, k) => ({ name: user.name, values: shape(user[field], k) }));
  if (rest.length > 0) series.push({ name: 'others', values: shape(rest.reduce((sum, user) => sum + user[field], 0), 9) });
  return { times, series };
}
