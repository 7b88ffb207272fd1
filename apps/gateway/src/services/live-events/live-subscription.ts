import { EVENTS_STREAM } from '@wildcat/redis-bus';
import type { Redis } from 'ioredis';
import type { EventHub } from './event-hub.js';
import { type LiveEntry, toLiveEntry } from './live-entry.js';
import { compareStreamIds } from './stream-ids.js';

export interface LiveFilter {
  accountIds?: ReadonlySet<string>;
  types?: ReadonlySet<string>;
  /** What the caller's key may see (account-scoped keys); undefined = everything. */
  scope?: ReadonlySet<string>;
}

export interface LiveSink {
  event(entry: LiveEntry): void;
  /** Events after the client's Last-Event-ID were trimmed from the window; oldest kept id. */
  gap(oldestStreamId: string): void;
}

export interface LiveSubscriptionOptions {
  hub: EventHub;
  /** A non-blocking client for the replay's XRANGE reads. */
  redis: Redis;
  filter: LiveFilter;
  /** Resume after this stream id. */
  lastEventId?: string;
  sink: LiveSink;
  stream?: string;
}

const REPLAY_PAGE = 500;

export function matchesFilter(filter: LiveFilter, entry: Pick<LiveEntry, 'accountId' | 'type'>): boolean {
  if (filter.scope && !filter.scope.has(entry.accountId)) return false;
  if (filter.accountIds && !filter.accountIds.has(entry.accountId)) return false;
  return !filter.types || filter.types.has(entry.type);
}

/**
 * Attaches one client to the hub. A resuming client is first registered with the hub (its live
 * entries are held back), then replayed from the stream after its Last-Event-ID, then the held
 * entries are released; entries at or before the last one sent are skipped, so the client sees
 * every entry of the window exactly once and in order. Resolves the unsubscribe function.
 */
export async function openLiveSubscription(options: LiveSubscriptionOptions): Promise<() => void> {
  const stream = options.stream ?? EVENTS_STREAM;
  const { filter, sink } = options;
  let position = options.lastEventId;
  let replaying = options.lastEventId !== undefined;
  const held: LiveEntry[] = [];

  const deliver = (entry: LiveEntry) => {
    if (position !== undefined && compareStreamIds(entry.streamId, position) <= 0) return;
    position = entry.streamId;
    if (matchesFilter(filter, entry)) sink.event(entry);
  };

  const unsubscribe = await options.hub.subscribe((entry) => {
    if (replaying) held.push(entry);
    else deliver(entry);
  });
  if (!options.lastEventId) return unsubscribe;

  try {
    const oldest = await options.redis.xrange(stream, '-', '+', 'COUNT', 1);
    const oldestId = oldest[0]?.[0];
    if (oldestId && compareStreamIds(oldestId, options.lastEventId) > 0) sink.gap(oldestId);
    let cursor = options.lastEventId;
    for (;;) {
      const page = await options.redis.xrange(stream, `(${cursor}`, '+', 'COUNT', REPLAY_PAGE);
      for (const [id, fields] of page) {
        cursor = id;
        const entry = toLiveEntry(id, fields);
        if (entry) deliver(entry);
        else position = id;
      }
      if (page.length < REPLAY_PAGE) break;
    }
  } catch (error) {
    unsubscribe();
    throw error;
  }
  replaying = false;
  for (const entry of held.splice(0)) deliver(entry);
  return unsubscribe;
}
