/**
 * The sql.js schema of one cluster's history (cluster-history.ts): each followed cluster has a
 * database of its own, saved to IndexedDB as one record, so a restore reads only the clusters a
 * page shows and a save writes only the clusters that changed.
 *
 * Times are epoch seconds; `step` is the seconds a sample stands for (the poll interval for
 * per-poll samples, 300 for 5-minute means), so a query knows how far a coarse sample reaches.
 * Totals are plain columns; usage is packed, one row per dimension and time (usage-packing.ts),
 * its names a reference to a list in `name_sets`: the users of a cluster change far less often
 * than each poll, and a query then decodes each list once instead of once per row.
 * Every table is keyed by time as its rowid: rows of a few hundred bytes to a few KB stay in
 * their leaf page (a WITHOUT ROWID table spills rows past about 1 KB into overflow pages), and a
 * range of times is one walk along the leaves.
 *
 * Bump SCHEMA_VERSION on any change: a saved database of another version is dropped, not migrated,
 * since the gateway can send the history again.
 */
import type { Dimension } from '../protocol/history.ts';

export const SCHEMA_VERSION = 2;

/** The usage table of each dimension. */
export const USAGE_TABLE: Record<Dimension, string> = {
  user: 'user_samples',
  group: 'group_samples',
  queue: 'queue_samples',
};

const usageTable = (name: string) => `
CREATE TABLE IF NOT EXISTS ${name} (
  time INTEGER PRIMARY KEY,
  -- name_sets.id: the names the value columns are aligned with.
  names INTEGER NOT NULL,
  cores_running BLOB NOT NULL,
  cores_queued BLOB NOT NULL,
  gpus_running BLOB NOT NULL,
  gpus_queued BLOB NOT NULL,
  jobs_running BLOB NOT NULL,
  jobs_queued BLOB NOT NULL,
  jobs_held BLOB NOT NULL
);`;

export const SCHEMA_SQL = `
-- schema (SCHEMA_VERSION), gateway and cluster (whose history this is), level (below).
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS names (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
-- Lists of name ids (a varint column), each stored once.
CREATE TABLE IF NOT EXISTS name_sets (id INTEGER PRIMARY KEY, ids BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS cluster_samples (
  time INTEGER PRIMARY KEY,
  step INTEGER NOT NULL,
  cores_total REAL NOT NULL,
  cores_used REAL NOT NULL,
  cores_unavailable REAL NOT NULL,
  gpus_total REAL NOT NULL,
  gpus_used REAL NOT NULL,
  jobs_running REAL NOT NULL,
  jobs_queued REAL NOT NULL,
  jobs_held REAL NOT NULL,
  -- Not among the gateway's totals: the sum over queues, kept so 'total' series need no join.
  cores_queued REAL NOT NULL,
  gpus_queued REAL NOT NULL
);
${usageTable(USAGE_TABLE.user)}
${usageTable(USAGE_TABLE.group)}
${usageTable(USAGE_TABLE.queue)}
`;

/** Column names of the usage tables per metric, in USAGE_METRICS order. */
export const USAGE_COLUMN = {
  coresRunning: 'cores_running',
  coresQueued: 'cores_queued',
  gpusRunning: 'gpus_running',
  gpusQueued: 'gpus_queued',
  jobsRunning: 'jobs_running',
  jobsQueued: 'jobs_queued',
  jobsHeld: 'jobs_held',
} as const;

/** The totals columns after `time` and `step`, in SAMPLE_TOTAL_KEYS order. */
export const TOTAL_COLUMNS =
  'cores_total, cores_used, cores_unavailable, gpus_total, gpus_used, jobs_running, jobs_queued, jobs_held, cores_queued, gpus_queued';
