import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeMessage } from '../../protocol/frame.ts';
import type { HistorySource } from '../cluster-feed.ts';
import { ClusterHub } from '../fanout/cluster-hub.ts';
import { historyBlock } from '../testing/history-blocks.ts';
import { nextSnapshot, sampleSnapshot } from '../testing/sample-cluster.ts';
import { Pseudonyms } from '../views/pseudonyms.ts';
import { HistoryFrames } from './history-frames.ts';

describe('HistoryFrames', () => {
  const asked: Array<number | null> = [];
  const source: HistorySource = {
    history: (cluster, since) => {
      asked.push(since);
      return [historyBlock(cluster, 3, 5, since === null ? 1_795_000_000 : since + 60)];
    },
    lastSnapshot: () => null,
  };
  const pseudonyms = new Pseudonyms(Buffer.alloc(32, 5));
  const hub = new ClusterHub({ clusters: [{ name: 'alpha', label: 'Alpha' }], publisher: { publish: () => {} }, pseudonyms, deflate: false });
  hub.snapshot('alpha', sampleSnapshot({ cluster: 'alpha' }));
  const frames = new HistoryFrames(source, pseudonyms, false);

  it('shares one encoding between clients joining at the same point', () => {
    const topic = hub.topic('alpha', { level: 'summary', pseudonyms: true, top: 1 })!;
    const first = frames.frames(topic, 1000);
    assert.equal(frames.frames(topic, 1000), first);
    assert.deepEqual(asked, [1000]);
    assert.notEqual(frames.frames(topic, 2000), first);
    assert.deepEqual(asked, [1000, 2000]);
    // Filtered for the view: one named series and `others`.
    const block = decodeMessage(first[0]!);
    assert.equal(block.type, 'history');
    assert.ok(block.type === 'history');
    const names = block.block.series.map((s) => s.name).sort();
    assert.equal(names.length, 2);
    assert.equal(names[0], 'others');
    assert.match(names[1]!, /^user-[0-9a-f]{6}$/);
  });

  it('reads anew once the topic has published a new poll', () => {
    const topic = hub.topic('alpha', { level: 'users' })!;
    const before = frames.frames(topic, 3000);
    hub.snapshot('alpha', nextSnapshot(hub.cluster('alpha')!.snapshot!));
    assert.notEqual(frames.frames(topic, 3000), before);
  });
});
