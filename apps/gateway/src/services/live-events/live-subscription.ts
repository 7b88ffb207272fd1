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

/** Events after the client's Last-Event-ID it will not get, and from which id it gets them. */
export interface LiveGap {
  /** The oldest entry the client is replayed from. */
  oldestStreamId: string;
  /** Set when the replay cap (not the stream's window) left entries out: the cap. */
  replayLimit?: number;
}

export interface LiveSink {
  event(entry: LiveEntry): void;
  gap(gap: LiveGap): void;
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
  /** Most stream entries replayed after the Last-Event-ID: the newest ones (default: no cap). */
  replayMax?: number;
}

/** The one gap frame's JSON body (SSE `data:`; the WebSocket frame adds its kind). */
export const gapJson = (gap: LiveGap) =>
  JSON.stringify({ oldestStreamId: gap.oldestStreamId, replayLimit: gap.replayLimit });

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
    const lastEventId = options.lastEventId;
    // Newest first, one past the cap: a full answer means the cap left older entries out.
    const limit = options.replayMax ?? Number.MAX_SAFE_INTEGER;
    const count = String(Math.min(limit, Number.MAX_SAFE_INTEGER - 1) + 1);
    const newest = await options.redis.xrevrange(stream, '+', `(${lastEventId}`, 'COUNT', count);
    const capped = newest.length > limit;
    const replay = newest.slice(0, limit).reverse();
    const first = replay[0]?.[0];
    if (capped && first) sink.gap({ oldestStreamId: first, replayLimit: limit });
    else {
      // The client's id is older than the window's oldest entry: what lay between was trimmed.
      const oldest = (await options.redis.xrange(stream, '-', '+', 'COUNT', 1))[0]?.[0];
      if (oldest && compareStreamIds(oldest, lastEventId) > 0) sink.gap({ oldestStreamId: oldest });
    }
    for (const [id, fields] of replay) {
      const entry = toLiveEntry(id, fields);
      if (entry) deliver(entry);
      else position = id;
    }
  } catch (error) {
    unsubscribe();
    throw error;
  }
  replaying = false;
  for (const entry of held.splice(0)) deliver(entry);
  return unsubscribe;
}
