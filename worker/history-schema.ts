/**
 * The worker's sql.js schema. Times are epoch seconds; `step` is the seconds a sample stands for
 * (the poll interval for per-poll samples, 300 for 5-minute means), so a query knows how far a
 * coarse sample reaches. Totals are plain columns; usage is packed per dimension (usage-packing.ts).
 * Bump SCHEMA_VERSION on any change: a saved database of another version is dropped, not migrated,
 * since the gateway can send the history again.
 */
export const SCHEMA_VERSION = 1;

/** Dimension codes stored in `usage_samples.dimension`. */
export const DIMENSION_CODE = { user: 0, group: 1, queue: 2 } as const;

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS clusters (
  id INTEGER PRIMARY KEY,
  gateway TEXT NOT NULL,
  name TEXT NOT NULL,
  -- Level whose names the stored samples carry: 'summary' names are pseudonyms, so samples of
  -- another level are never mixed in.
  level TEXT,
  UNIQUE (gateway, name)
);
CREATE TABLE IF NOT EXISTS names (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS cluster_samples (
  cluster_id INTEGER NOT NULL,
  time INTEGER NOT NULL,
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
  gpus_queued REAL NOT NULL,
  PRIMARY KEY (cluster_id, time)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS usage_samples (
  cluster_id INTEGER NOT NULL,
  dimension INTEGER NOT NULL,
  time INTEGER NOT NULL,
  names BLOB NOT NULL,
  cores_running BLOB NOT NULL,
  cores_queued BLOB NOT NULL,
  gpus_running BLOB NOT NULL,
  gpus_queued BLOB NOT NULL,
  jobs_running BLOB NOT NULL,
  jobs_queued BLOB NOT NULL,
  jobs_held BLOB NOT NULL,
  PRIMARY KEY (cluster_id, dimension, time)
) WITHOUT ROWID;
-- The last snapshot of each cluster, as a protocol frame, so a reload paints at once.
CREATE TABLE IF NOT EXISTS snapshots (
  cluster_id INTEGER PRIMARY KEY,
  label TEXT NOT NULL,
  frame BLOB NOT NULL
);
`;

/** Column names of usage_samples per metric, in USAGE_METRICS order. */
export const USAGE_COLUMN = {
  coresRunning: 'cores_running',
  coresQueued: 'cores_queued',
  gpusRunning: 'gpus_running',
  gpusQueued: 'gpus_queued',
  jobsRunning: 'jobs_running',
  jobsQueued: 'jobs_queued',
  jobsHeld: 'jobs_held',
} as const;
