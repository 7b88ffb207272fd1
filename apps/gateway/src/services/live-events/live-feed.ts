import type { RedisTarget } from '@wildcat/redis-bus';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import { EventHub } from './event-hub.js';
import { type LiveFilter, type LiveSink, openLiveSubscription } from './live-subscription.js';

/** A client this far behind is dropped (it can resume with Last-Event-ID) instead of buffered. */
export const MAX_BUFFERED_BYTES = 1_048_576;
export const LIVE_UNAVAILABLE = 'Service unavailable: redis is unreachable';

/** What one live connection asks for: which events, and after which stream id. */
export interface LiveRequest {
  filter: LiveFilter;
  lastEventId?: string;
  logger: FastifyBaseLogger;
  /** Registers how the stream ends when its key is revoked (or its account deleted); returns what forgets it. */
  onRevoked(end: () => void): () => void;
}

/**
 * The gateway's live feed: one EventHub, and every SSE or WebSocket connection open on it, so
 * that shutdown can end them all before the hub stops.
 */
export class LiveFeed {
  private readonly hub: EventHub;
  private readonly open = new Set<() => void>();

  constructor(
    private readonly redis: Redis,
    target: RedisTarget,
    logger: FastifyBaseLogger,
    /** Most entries a resuming client is replayed (LIVE_REPLAY_MAX). */
    private readonly replayMax: number,
  ) {
    this.hub = new EventHub({ target, redis, logger });
  }

  /** Remembers a connection's close for shutdown; returns what forgets it. */
  track(close: () => void): () => void {
    this.open.add(close);
    return () => this.open.delete(close);
  }

  /** Resolves with the unsubscribe once the connection is attached; rejects while Redis is away. */
  subscribe(request: LiveRequest, sink: LiveSink): Promise<() => void> {
    const { filter, lastEventId } = request;
    return openLiveSubscription({
      hub: this.hub,
      redis: this.redis,
      filter,
      lastEventId,
      sink,
      replayMax: this.replayMax,
    });
  }

  close(): void {
    for (const close of [...this.open]) close();
    this.hub.close();
  }
}
