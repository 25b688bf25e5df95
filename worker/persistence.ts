/**
 * The worker's saved state in IndexedDB (through idb-keyval: a database named after the worker,
 * so a test's worker does not share the site's, with one object store `history`). Records:
 *
 * - `snapshot␊<gateway>␊<cluster>`: the last snapshot of a cluster as a protocol frame, with its
 *   label and level. A few KB to a few hundred; all of them are read at start, before sql.js is
 *   even loaded, so a reload paints every row's figures and pies at once.
 * - `samples␊<gateway>␊<cluster>`: the cluster's history database (cluster-history.ts) as a Blob,
 *   read when a page first shows or follows the cluster.
 *
 * Why Blobs: Chromium copies a large ArrayBuffer value through its IndexedDB backend several times
 * over; a Blob is kept as a file of its own. Measured here for 48 MB: about 1 s to read or write
 * as an ArrayBuffer, 0.25–0.5 s as a Blob.
 */
import { createStore, delMany, getMany, keys, setMany, type UseStore } from 'idb-keyval';
import type { Level } from '../protocol/model.ts';

/** The record of the first schema: one database of every cluster. It is dropped at start (the
 * gateway sends the history again). */
export const LEGACY_HISTORY_KEY = 'history';

const SNAPSHOT = 'snapshot';
const SAMPLES = 'samples';

export function snapshotKey(gateway: string, cluster: string): string {
  return `${SNAPSHOT}\n${gateway}\n${cluster}`;
}

export function samplesKey(gateway: string, cluster: string): string {
  return `${SAMPLES}\n${gateway}\n${cluster}`;
}

/** What a key names: a snapshot or a history of one cluster, or something else (null). */
export function parseKey(key: IDBValidKey): { kind: 'snapshot' | 'samples'; gateway: string; cluster: string } | null {
  if (typeof key !== 'string') return null;
  const parts = key.split('\n');
  if (parts.length !== 3 || (parts[0] !== SNAPSHOT && parts[0] !== SAMPLES)) return null;
  return { kind: parts[0], gateway: parts[1]!, cluster: parts[2]! };
}

export interface SnapshotRecord {
  gateway: string;
  cluster: string;
  label: string;
  level: Level;
  /** The snapshot as a protocol frame (protocol/frame.ts `encodeMessage`). */
  frame: Uint8Array;
  /** The cluster's place in the gateway's list when saved (rows are restored in that order). */
  position?: number;
}

export class HistoryPersistence {
  private readonly idb: UseStore;

  constructor(databaseName = 'webstat') {
    this.idb = createStore(databaseName, 'history');
  }

  /** Every key held (no values read). */
  async keys(): Promise<IDBValidKey[]> {
    return keys(this.idb);
  }

  async snapshots(snapshotKeys: readonly IDBValidKey[]): Promise<SnapshotRecord[]> {
    if (snapshotKeys.length === 0) return [];
    const values = await getMany<unknown>([...snapshotKeys], this.idb);
    return values.filter(isSnapshotRecord);
  }

  /** A cluster's saved history database, or null. */
  async samples(gateway: string, cluster: string): Promise<Uint8Array | null> {
    const [value] = await getMany<unknown>([samplesKey(gateway, cluster)], this.idb);
    if (value instanceof Blob) return new Uint8Array(await value.arrayBuffer());
    return null;
  }

  async saveSnapshots(records: readonly SnapshotRecord[]): Promise<void> {
    if (records.length === 0) return;
    await setMany(
      records.map((record) => [snapshotKey(record.gateway, record.cluster), record]),
      this.idb,
    );
  }

  async saveSamples(gateway: string, cluster: string, bytes: Uint8Array): Promise<void> {
    await setMany([[samplesKey(gateway, cluster), new Blob([bytes as Uint8Array<ArrayBuffer>])]], this.idb);
  }

  async remove(keysToRemove: readonly IDBValidKey[]): Promise<void> {
    if (keysToRemove.length > 0) await delMany([...keysToRemove], this.idb);
  }
}

function isSnapshotRecord(value: unknown): value is SnapshotRecord {
  if (!value || typeof value !== 'object') return false;
  const record = value as Partial<SnapshotRecord>;
  return typeof record.gateway === 'string' && typeof record.cluster === 'string' && typeof record.label === 'string' && record.frame instanceof Uint8Array;
}
