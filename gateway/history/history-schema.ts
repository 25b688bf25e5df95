/**
 * The history database's tables. Metric columns are named after the protocol's metrics
 * (protocol/history.ts), so the SQL and the HistoryBlock columns cannot drift apart.
 *
 * - `cluster`: one row per cluster: the gateway's sequence, the last snapshot (protocol codec),
 *   the newest sample's time, the sample interval, and how far the roll-ups have got.
 * - `totals` / `usage`: samples in tiers. `tier` is the bucket length in seconds, 0 for per-poll
 *   samples. `n` on a totals row is how many polls the bucket's mean covers, which is also what a
 *   usage mean divides by (a user absent from a poll counted zero in it). A usage row holds every
 *   name of one dimension at one time, packed (usage-pack.ts).
 * - `name`: user, group and queue names, stored once; usage rows refer to them by id.
 */
import type Database from 'better-sqlite3';
import { TOTAL_METRICS } from '../../protocol/history.ts';
import { HistoryError } from './history-error.ts';

export const SCHEMA_VERSION = 1;

/** Tier buckets, seconds. */
export const RAW = 0;
export const FIVE_MINUTES = 300;
export const HOUR = 3600;
export const ROLLED_TIERS = [FIVE_MINUTES, HOUR] as const;

export const DIMENSION_CODES = { user: 0, group: 1, queue: 2 } as const;

const totalColumns = TOTAL_METRICS.map((metric) => `${metric} REAL NOT NULL`).join(', ');

const CREATE = `
CREATE TABLE cluster (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  seq INTEGER NOT NULL DEFAULT 0,
  snapshot BLOB,
  lastSample INTEGER,
  sampleInterval INTEGER,
  rolled300 INTEGER NOT NULL DEFAULT 0,
  rolled3600 INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE name (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE);
CREATE TABLE totals (
  cluster INTEGER NOT NULL, tier INTEGER NOT NULL, time INTEGER NOT NULL, n INTEGER NOT NULL,
  ${totalColumns},
  PRIMARY KEY (cluster, tier, time)
) WITHOUT ROWID;
CREATE TABLE usage (
  cluster INTEGER NOT NULL, tier INTEGER NOT NULL, time INTEGER NOT NULL, dimension INTEGER NOT NULL,
  packed BLOB NOT NULL,
  PRIMARY KEY (cluster, tier, time, dimension)
) WITHOUT ROWID;
`;

/** Creates the tables in a new file; refuses a file written by a newer gateway. */
export function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version === SCHEMA_VERSION) return;
  if (version > SCHEMA_VERSION) {
    throw new HistoryError(
      'history-schema-newer',
      `the history database has schema version ${version}; this gateway knows up to ${SCHEMA_VERSION} (was it written by a newer gateway?)`,
    );
  }
  db.transaction(() => {
    db.exec(CREATE);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}
