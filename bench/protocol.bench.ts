/**
 * Protocol figures on the synthetic 10,000-job cluster (fixed seed): the snapshot as gzip'd JSON
 * (what a JSON-polling dashboard sends every poll) against our binary frames, one poll's delta,
 * and the time to encode and decode a full snapshot. Frames are compressed and inflated with
 * Node's zlib (protocol/deflate-node.ts), as the gateway does; a browser inflates with fflate.
 */
import { gzipSync } from 'node:zlib';
import { SyntheticCluster } from '../agent/simulator/synthetic-cluster.ts';
import { nodeDeflate, nodeInflate } from '../protocol/deflate-node.ts';
import { diff } from '../protocol/delta.ts';
import { decodeMessage, encodeMessage, FrameDecoder, StreamEncoder } from '../protocol/frame.ts';
import type { Message } from '../protocol/messages.ts';
import { medianMs, type Benchmark, type Metric } from './metric.ts';

const POLLS = 20;

export const benchmark: Benchmark = {
  prefix: 'protocol',
  async run(): Promise<Metric[]> {
    const cluster = new SyntheticCluster();
    const first = cluster.snapshot();
    const snapshotMessage: Message = { type: 'snapshot', level: 'jobs', snapshot: first };
    const jsonGzipBytes = gzipSync(JSON.stringify(first)).length;
    const binary = encodeMessage(snapshotMessage, { deflate: nodeDeflate });
    const binaryPlain = encodeMessage(snapshotMessage, { deflate: false });

    // A stream as the gateway publishes it: one reset snapshot, then a delta per poll.
    const encoder = new StreamEncoder(first.cluster, { deflate: nodeDeflate });
    const decoder = new FrameDecoder({ inflate: nodeInflate });
    decoder.decode(encoder.encode(snapshotMessage, { reset: true }));
    let previous = first;
    let deltaBytes = 0;
    let largestDelta = 0;
    for (let poll = 0; poll < POLLS; poll++) {
      cluster.step();
      const next = cluster.snapshot();
      const frame = encoder.encode({ type: 'delta', delta: diff(previous, next) });
      decoder.decode(frame);
      deltaBytes += frame.length;
      largestDelta = Math.max(largestDelta, frame.length);
      previous = next;
    }
    const meanDelta = Math.round(deltaBytes / POLLS);

    const roundtrip = await medianMs(() => decodeMessage(encodeMessage(snapshotMessage, { deflate: nodeDeflate }), { inflate: nodeInflate }), 15, 5);
    const roundtripPlain = await medianMs(() => decodeMessage(encodeMessage(snapshotMessage, { deflate: false })), 15, 5);

    return [
      { metric: 'protocol.snapshot.json_gzip_bytes', value: jsonGzipBytes, unit: 'bytes', note: `${first.jobs.length} jobs, ${first.nodes.length} nodes` },
      {
        metric: 'protocol.snapshot.binary_bytes',
        value: binary.length,
        unit: 'bytes',
        target: `<= ${Math.floor(jsonGzipBytes * 0.5)}`,
        note: `${(binary.length / jsonGzipBytes).toFixed(3)} x gzip'd JSON (frame with DEFLATE)`,
      },
      { metric: 'protocol.snapshot.binary_uncompressed_bytes', value: binaryPlain.length, unit: 'bytes', note: 'same frame without DEFLATE' },
      {
        metric: 'protocol.delta.binary_bytes',
        value: meanDelta,
        unit: 'bytes',
        target: `<= ${Math.floor(jsonGzipBytes * 0.01)}`,
        note: `${(meanDelta / jsonGzipBytes).toFixed(4)} x gzip'd JSON snapshot; mean of ${POLLS} polls, largest ${largestDelta}`,
      },
      {
        metric: 'protocol.codec.roundtrip_ms',
        value: roundtrip,
        unit: 'ms',
        target: '<= 20',
        note: 'encode + decode of the full snapshot frame as sent (zlib DEFLATE level 2 and inflate, as the gateway); median of 15',
      },
      { metric: 'protocol.codec.roundtrip_uncompressed_ms', value: roundtripPlain, unit: 'ms', note: 'the same without DEFLATE; median of 15' },
    ];
  },
};
