import { createRedis, EVENTS_STREAM, type RedisTarget } from '@wildcat/redis-bus';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import { type LiveEntry, toLiveEntry } from './live-entry.js';

export type LiveListener = (entry: LiveEntry) => void;

export interface EventHubOptions {
  target: RedisTarget;
  /** The gateway's fail-fast client: the first read fails at once (503) while Redis is away. */
  redis: Redis;
  logger: FastifyBaseLogger;
  stream?: string;
  /** XREAD BLOCK timeout; the loop notices `close()` at least this often. */
  blockMs?: number;
}

/**
 * One XREAD BLOCK loop per gateway process, started by the first live client, fanned out in
 * memory to every SSE and WebSocket client: Redis sees one blocking connection per gateway,
 * however many clients are connected. The loop reads on from the last id it saw, so a Redis
 * blip loses nothing that is still inside the stream's bounded window.
 */
export class EventHub {
  private readonly listeners = new Set<LiveListener>();
  private readonly stream: string;
  private readonly blockMs: number;
  private client: Redis | undefined;
  private started: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly options: EventHubOptions) {
    this.stream = options.stream ?? EVENTS_STREAM;
    this.blockMs = options.blockMs ?? 5_000;
  }

  /** Adds a listener (starting the loop if needed); resolves once the loop is reading. */
  async subscribe(listener: LiveListener): Promise<() => void> {
    this.listeners.add(listener);
    const unsubscribe = () => {
      this.listeners.delete(listener);
    };
    try {
      await this.start();
    } catch (error) {
      unsubscribe();
      throw error;
    }
    return unsubscribe;
  }

  get clientCount(): number {
    return this.listeners.size;
  }

  close(): void {
    this.closed = true;
    // Disconnecting aborts the pending XREAD BLOCK at once.
    this.client?.disconnect();
  }

  private start(): Promise<void> {
    this.started ??= (async () => {
      const newest = await this.options.redis.xrevrange(this.stream, '+', '-', 'COUNT', 1);
      const from = newest[0]?.[0] ?? '0-0';
      // The loop's own connection retries forever: a Redis outage pauses the feed, never ends it.
      const client = createRedis(this.options.target, 'blocking');
      // Without a listener ioredis's reconnect errors would crash the process; the loop's failed
      // reads log the outage (below), once per retry rather than once per reconnect attempt.
      client.on('error', () => {});
      this.client = client;
      void this.loop(client, from);
    })().catch((error: unknown) => {
      this.started = undefined;
      throw error;
    });
    return this.started;
  }

  private async loop(client: Redis, from: string): Promise<void> {
    let lastId = from;
    while (!this.closed) {
      try {
        const reply = (await client.xread(
          'COUNT',
          1_000,
          'BLOCK',
          this.blockMs,
          'STREAMS',
          this.stream,
          lastId,
        )) as Array<[string, Array<[string, string[]]>]> | null;
        for (const [, entries] of reply ?? []) {
          for (const [id, fields] of entries) {
            lastId = id;
            const entry = toLiveEntry(id, fields);
            if (entry) this.dispatch(entry);
          }
        }
      } catch (error) {
        if (this.closed) break;
        this.options.logger.warn({ err: error }, 'live event stream read failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  private dispatch(entry: LiveEntry): void {
    for (const listener of this.listeners) {
      try {
        listener(entry);
      } catch (error) {
        this.options.logger.warn({ err: error }, 'live event listener failed');
      }
    }
  }
}
