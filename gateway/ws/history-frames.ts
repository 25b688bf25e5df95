/**
 * History frames for joining clients, encoded once per topic, starting point and topic version.
 * When a gateway restarts, every browser reconnects within seconds holding the same newest sample;
 * they then share one encoding (and one buffer) of the same blocks instead of each reading SQLite
 * and deflating them anew. A new poll publishes on the topic and so retires its cached frames.
 */
import type { Deflate } from '../../protocol/compression.ts';
import { encodeMessage } from '../../protocol/frame.ts';
import type { HistorySource } from '../cluster-feed.ts';
import type { Topic } from '../fanout/topic.ts';
import { audienceHistory } from '../views/audience-history.ts';
import type { Pseudonyms } from '../views/pseudonyms.ts';

interface Cached {
  version: number;
  frames: Uint8Array[];
}

/** Starting points kept per topic: the common one after a restart, plus a few stragglers. */
const PER_TOPIC = 8;

export class HistoryFrames {
  private readonly byTopic = new Map<Topic, Map<number | null, Cached>>();

  constructor(
    private readonly history: HistorySource,
    private readonly pseudonyms: Pseudonyms,
    private readonly deflate: Deflate | false,
  ) {}

  /** The frames of the samples after `since` (null: all kept for browsers), filtered for the topic's view. */
  frames(topic: Topic, since: number | null): Uint8Array[] {
    let cache = this.byTopic.get(topic);
    if (!cache) {
      cache = new Map();
      this.byTopic.set(topic, cache);
    }
    const cached = cache.get(since);
    if (cached && cached.version === topic.version) return cached.frames;
    const frames = this.history
      .history(topic.cluster, since)
      .map((block) => encodeMessage({ type: 'history', block: audienceHistory(block, topic.view, this.pseudonyms) }, { deflate: this.deflate }));
    for (const [key, entry] of cache) if (entry.version !== topic.version) cache.delete(key);
    if (cache.size >= PER_TOPIC) cache.delete(cache.keys().next().value!);
    cache.set(since, { version: topic.version, frames });
    return frames;
  }
}
