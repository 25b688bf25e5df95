/**
 * Bodies of every message: what follows the frame header (frame.ts). Each writer has a reader
 * that mirrors it field for field; readers validate enums, counts and lengths as they go.
 */
import type { ByteReader, ByteWriter } from './bytes.ts';
import type { Delta, RecordChanges } from './delta.ts';
import { DIMENSIONS, TOTAL_METRICS, USAGE_METRICS, type HistoryBlock, type HistorySeries } from './history.ts';
import type {
  AgentInfoMessage,
  AgentRequestMessage,
  ClusterInfo,
  DeltaMessage,
  ErrorMessage,
  HelloMessage,
  HistoryMessage,
  Message,
  ResumeMessage,
  SnapshotMessage,
  StatusMessage,
  Subscription,
  WelcomeMessage,
} from './messages.ts';
import { AGENT_WANTS } from './messages.ts';
import { LEVELS, type Level, type Snapshot } from './model.ts';
import { Opcode } from './opcodes.ts';
import { ProtocolError } from './protocol-error.ts';
import { readPartial, readPartials, readRecord, readRecords, writePartial, writePartials, writeRecord, writeRecords } from './record-codec.ts';
import {
  JOB_SCHEMA,
  NODE_SCHEMA,
  QUEUE_SCHEMA,
  SCHEDULER_SCHEMA,
  STATUS_SCHEMA,
  SUMMARY_TOTALS_SCHEMA,
  USAGE_SCHEMA,
  type Schema,
} from './record-schema.ts';
import type { StringTable } from './string-table.ts';

export const OPCODE_OF: Record<Message['type'], Opcode> = {
  hello: Opcode.Hello,
  welcome: Opcode.Welcome,
  snapshot: Opcode.Snapshot,
  delta: Opcode.Delta,
  status: Opcode.Status,
  history: Opcode.History,
  error: Opcode.Error,
  resume: Opcode.Resume,
  'agent-request': Opcode.AgentRequest,
  'agent-info': Opcode.AgentInfo,
};

function writeEnum(w: ByteWriter, values: readonly string[], value: string): void {
  const at = values.indexOf(value);
  if (at < 0) throw new RangeError(`not one of ${values.join(', ')}: ${value}`);
  w.uint(at);
}

function readEnum<T extends string>(r: ByteReader, values: readonly T[]): T {
  const at = r.uint();
  const value = values[at];
  if (value === undefined) throw new ProtocolError('bad-enum', `enum index ${at} out of range`);
  return value;
}

function writeNullableUint(w: ByteWriter, value: number | null): void {
  w.uint(value === null ? 0 : value + 1);
}

function readNullableUint(r: ByteReader): number | null {
  const v = r.uint();
  return v === 0 ? null : v - 1;
}

/** Two-decimal, non-negative values (history means) as whole hundredths. */
function writeDecimal(w: ByteWriter, value: number): void {
  w.uint(Math.round(value * 100));
}

function readDecimal(r: ByteReader): number {
  return r.uint() / 100;
}

// ---- snapshot ------------------------------------------------------------------------------

function writeSnapshot(w: ByteWriter, t: StringTable, level: Level, s: Snapshot): void {
  t.write(w, s.cluster);
  w.uint(s.seq);
  w.uint(s.time);
  writeEnum(w, LEVELS, level);
  writeRecord(w, t, SCHEDULER_SCHEMA, s.scheduler, s.time);
  writeRecord(w, t, STATUS_SCHEMA, s.status, s.time);
  writeRecord(w, t, SUMMARY_TOTALS_SCHEMA, s.summary, s.time);
  writeRecords(w, t, USAGE_SCHEMA, s.summary.users, s.time);
  writeRecords(w, t, USAGE_SCHEMA, s.summary.groups, s.time);
  writeRecords(w, t, USAGE_SCHEMA, s.summary.queues, s.time);
  writeRecords(w, t, JOB_SCHEMA, s.jobs, s.time);
  writeRecords(w, t, NODE_SCHEMA, s.nodes, s.time);
  writeRecords(w, t, QUEUE_SCHEMA, s.queues, s.time);
}

function readSnapshot(r: ByteReader, t: StringTable): SnapshotMessage {
  const cluster = t.read(r);
  const seq = r.uint();
  const time = r.uint();
  const level = readEnum(r, LEVELS);
  const scheduler = readRecord(r, t, SCHEDULER_SCHEMA, time);
  const status = readRecord(r, t, STATUS_SCHEMA, time);
  const totals = readRecord(r, t, SUMMARY_TOTALS_SCHEMA, time);
  const users = readRecords(r, t, USAGE_SCHEMA, time);
  const groups = readRecords(r, t, USAGE_SCHEMA, time);
  const queueUsage = readRecords(r, t, USAGE_SCHEMA, time);
  const jobs = readRecords(r, t, JOB_SCHEMA, time);
  const nodes = readRecords(r, t, NODE_SCHEMA, time);
  const queues = readRecords(r, t, QUEUE_SCHEMA, time);
  return {
    type: 'snapshot',
    level,
    snapshot: {
      cluster,
      seq,
      time,
      scheduler,
      status,
      summary: { ...totals, users, groups, queues: queueUsage },
      jobs,
      nodes,
      queues,
    },
  };
}

// ---- delta ---------------------------------------------------------------------------------

const HAS_SCHEDULER = 1;
const HAS_STATUS = 2;
const HAS_TOTALS = 4;

/** Keys of removed and changed records go in the same column form as the records' first field,
 * so a job id costs a few bytes even when its string is not in the table. */
function writeChanges<T>(w: ByteWriter, t: StringTable, schema: Schema<T>, changes: RecordChanges<T>, time: number): void {
  const keyField = schema[0]!;
  const keySchema = [keyField] as unknown as Schema<{ key: string }>;
  const asKeys = (keys: string[]) => keys.map((key) => ({ [keyField.key]: key }) as unknown as { key: string });
  writeRecords(w, t, keySchema, asKeys(changes.removed), time);
  writeRecords(w, t, schema, changes.added, time);
  writeRecords(w, t, keySchema, asKeys(changes.changed.map((change) => change.key)), time);
  writePartials(w, t, schema, changes.changed.map((change) => change.fields), time);
}

function readChanges<T>(r: ByteReader, t: StringTable, schema: Schema<T>, time: number): RecordChanges<T> {
  const keyField = schema[0]!;
  const keySchema = [keyField] as unknown as Schema<Record<string, string>>;
  const removed = readRecords(r, t, keySchema, time).map((record) => record[keyField.key]!);
  const added = readRecords(r, t, schema, time);
  const changedKeys = readRecords(r, t, keySchema, time).map((record) => record[keyField.key]!);
  const fields = readPartials(r, t, schema, changedKeys.length, time);
  const changed = changedKeys.map((key, i) => ({ key, fields: fields[i]! }));
  return { removed, added, changed };
}

function writeDelta(w: ByteWriter, t: StringTable, d: Delta): void {
  t.write(w, d.cluster);
  w.uint(d.fromSeq);
  w.uint(d.toSeq);
  w.uint(d.time);
  w.uint((d.scheduler ? HAS_SCHEDULER : 0) | (d.status ? HAS_STATUS : 0) | (d.totals ? HAS_TOTALS : 0));
  if (d.scheduler) writeRecord(w, t, SCHEDULER_SCHEMA, d.scheduler, d.time);
  if (d.status) writeRecord(w, t, STATUS_SCHEMA, d.status, d.time);
  if (d.totals) writePartial(w, t, SUMMARY_TOTALS_SCHEMA, d.totals, d.time);
  writeChanges(w, t, USAGE_SCHEMA, d.users, d.time);
  writeChanges(w, t, USAGE_SCHEMA, d.groups, d.time);
  writeChanges(w, t, USAGE_SCHEMA, d.queueUsage, d.time);
  writeChanges(w, t, JOB_SCHEMA, d.jobs, d.time);
  writeChanges(w, t, NODE_SCHEMA, d.nodes, d.time);
  writeChanges(w, t, QUEUE_SCHEMA, d.queues, d.time);
}

function readDelta(r: ByteReader, t: StringTable): DeltaMessage {
  const cluster = t.read(r);
  const fromSeq = r.uint();
  const toSeq = r.uint();
  const time = r.uint();
  const present = r.uint();
  if (present > (HAS_SCHEDULER | HAS_STATUS | HAS_TOTALS)) throw new ProtocolError('bad-value', 'delta presence bits');
  const scheduler = present & HAS_SCHEDULER ? readRecord(r, t, SCHEDULER_SCHEMA, time) : null;
  const status = present & HAS_STATUS ? readRecord(r, t, STATUS_SCHEMA, time) : null;
  const totals = present & HAS_TOTALS ? readPartial(r, t, SUMMARY_TOTALS_SCHEMA, time) : null;
  return {
    type: 'delta',
    delta: {
      cluster,
      fromSeq,
      toSeq,
      time,
      scheduler,
      status,
      totals,
      users: readChanges(r, t, USAGE_SCHEMA, time),
      groups: readChanges(r, t, USAGE_SCHEMA, time),
      queueUsage: readChanges(r, t, USAGE_SCHEMA, time),
      jobs: readChanges(r, t, JOB_SCHEMA, time),
      nodes: readChanges(r, t, NODE_SCHEMA, time),
      queues: readChanges(r, t, QUEUE_SCHEMA, time),
    },
  };
}

// ---- history -------------------------------------------------------------------------------

function writeHistory(w: ByteWriter, t: StringTable, block: HistoryBlock): void {
  t.write(w, block.cluster);
  w.uint(block.step);
  w.uint(block.times.length);
  let previous = 0;
  for (const time of block.times) {
    w.uint(time - previous);
    previous = time;
  }
  for (const metric of TOTAL_METRICS) for (const value of block.totals[metric]) writeDecimal(w, value);
  w.uint(block.series.length);
  for (const series of block.series) {
    writeEnum(w, DIMENSIONS, series.dimension);
    t.write(w, series.name);
    w.uint(series.at.length);
    let previousAt = -1;
    for (const at of series.at) {
      w.uint(at - previousAt - 1);
      previousAt = at;
    }
    for (const metric of USAGE_METRICS) for (const value of series.values[metric]) writeDecimal(w, value);
  }
}

function readHistory(r: ByteReader, t: StringTable): HistoryMessage {
  const cluster = t.read(r);
  const step = r.uint();
  const n = r.count(1 + TOTAL_METRICS.length);
  const times: number[] = new Array(n);
  let previous = 0;
  for (let i = 0; i < n; i++) {
    const gap = r.uint();
    if (i > 0 && gap === 0) throw new ProtocolError('bad-value', 'history times must increase');
    previous += gap;
    if (!Number.isSafeInteger(previous)) throw new ProtocolError('bad-value', 'history time out of range');
    times[i] = previous;
  }
  const totals = {} as HistoryBlock['totals'];
  for (const metric of TOTAL_METRICS) {
    const column: number[] = new Array(n);
    for (let i = 0; i < n; i++) column[i] = readDecimal(r);
    totals[metric] = column;
  }
  const seriesCount = r.count(3);
  const series: HistorySeries[] = new Array(seriesCount);
  for (let s = 0; s < seriesCount; s++) {
    const dimension = readEnum(r, DIMENSIONS);
    const name = t.read(r);
    const k = r.count(1 + USAGE_METRICS.length);
    if (k > n) throw new ProtocolError('bad-length', 'series longer than its block');
    const at: number[] = new Array(k);
    let previousAt = -1;
    for (let i = 0; i < k; i++) {
      previousAt += r.uint() + 1;
      if (previousAt >= n) throw new ProtocolError('bad-value', 'series index beyond the block');
      at[i] = previousAt;
    }
    const values = {} as HistorySeries['values'];
    for (const metric of USAGE_METRICS) {
      const column: number[] = new Array(k);
      for (let i = 0; i < k; i++) column[i] = readDecimal(r);
      values[metric] = column;
    }
    series[s] = { dimension, name, at, values };
  }
  return { type: 'history', block: { cluster, step, times, totals, series } };
}

// ---- small messages ------------------------------------------------------------------------

function writeSubscription(w: ByteWriter, t: StringTable, s: Subscription): void {
  t.write(w, s.cluster);
  writeEnum(w, LEVELS, s.level);
  writeNullableUint(w, s.sinceSeq);
  writeNullableUint(w, s.historySince);
}

function readSubscription(r: ByteReader, t: StringTable): Subscription {
  return {
    cluster: t.read(r),
    level: readEnum(r, LEVELS),
    sinceSeq: readNullableUint(r),
    historySince: readNullableUint(r),
  };
}

function writeClusterInfo(w: ByteWriter, t: StringTable, c: ClusterInfo): void {
  t.write(w, c.name);
  t.write(w, c.label);
  writeEnum(w, LEVELS, c.level);
}

function readClusterInfo(r: ByteReader, t: StringTable): ClusterInfo {
  return { name: t.read(r), label: t.read(r), level: readEnum(r, LEVELS) };
}

export function writeBody(w: ByteWriter, t: StringTable, m: Message): void {
  switch (m.type) {
    case 'hello':
      t.write(w, m.client);
      t.writeNullable(w, m.token);
      w.uint(m.subscriptions.length);
      for (const s of m.subscriptions) writeSubscription(w, t, s);
      return;
    case 'welcome':
      t.write(w, m.server);
      w.uint(m.time);
      w.uint(m.clusters.length);
      for (const c of m.clusters) writeClusterInfo(w, t, c);
      return;
    case 'snapshot':
      writeSnapshot(w, t, m.level, m.snapshot);
      return;
    case 'delta':
      writeDelta(w, t, m.delta);
      return;
    case 'status':
      t.write(w, m.cluster);
      w.uint(m.seq);
      w.uint(m.time);
      writeRecord(w, t, STATUS_SCHEMA, m.status, m.time);
      return;
    case 'history':
      writeHistory(w, t, m.block);
      return;
    case 'error':
      t.write(w, m.code);
      t.write(w, m.message);
      return;
    case 'resume':
      t.write(w, m.cluster);
      w.uint(m.seq);
      writeEnum(w, LEVELS, m.level);
      return;
    case 'agent-request':
      writeEnum(w, AGENT_WANTS, m.want);
      writeNullableUint(w, m.sinceSeq);
      return;
    case 'agent-info':
      t.write(w, m.agentVersion);
      w.uint(m.protocolVersion);
      t.write(w, m.cluster);
      t.write(w, m.flavour);
      w.uint(m.intervalSeconds);
      w.uint(m.seq);
      return;
  }
}

export function readBody(r: ByteReader, t: StringTable, opcode: number): Message {
  switch (opcode) {
    case Opcode.Hello: {
      const client = t.read(r);
      const token = t.readNullable(r);
      const n = r.count(4);
      const subscriptions: Subscription[] = new Array(n);
      for (let i = 0; i < n; i++) subscriptions[i] = readSubscription(r, t);
      return { type: 'hello', client, token, subscriptions } satisfies HelloMessage;
    }
    case Opcode.Welcome: {
      const server = t.read(r);
      const time = r.uint();
      const n = r.count(3);
      const clusters: ClusterInfo[] = new Array(n);
      for (let i = 0; i < n; i++) clusters[i] = readClusterInfo(r, t);
      return { type: 'welcome', server, time, clusters } satisfies WelcomeMessage;
    }
    case Opcode.Snapshot:
      return readSnapshot(r, t);
    case Opcode.Delta:
      return readDelta(r, t);
    case Opcode.Status: {
      const cluster = t.read(r);
      const seq = r.uint();
      const time = r.uint();
      const status = readRecord(r, t, STATUS_SCHEMA, time);
      return { type: 'status', cluster, seq, time, status } satisfies StatusMessage;
    }
    case Opcode.History:
      return readHistory(r, t);
    case Opcode.Error:
      return { type: 'error', code: t.read(r), message: t.read(r) } satisfies ErrorMessage;
    case Opcode.Resume:
      return { type: 'resume', cluster: t.read(r), seq: r.uint(), level: readEnum(r, LEVELS) } satisfies ResumeMessage;
    case Opcode.AgentRequest:
      return { type: 'agent-request', want: readEnum(r, AGENT_WANTS), sinceSeq: readNullableUint(r) } satisfies AgentRequestMessage;
    case Opcode.AgentInfo:
      return {
        type: 'agent-info',
        agentVersion: t.read(r),
        protocolVersion: r.uint(),
        cluster: t.read(r),
        flavour: t.read(r),
        intervalSeconds: r.uint(),
        seq: r.uint(),
      } satisfies AgentInfoMessage;
    default:
      throw new ProtocolError('unknown-opcode', `unknown opcode 0x${opcode.toString(16)}`);
  }
}
