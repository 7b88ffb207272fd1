import type { Redis } from 'ioredis';

export interface ConnectionFenceOptions {
  /** Our lease connection. */
  redis: Redis;
  /** Peers' takeover grace period. */
  graceMs: number;
  /** Drop every shard at once; resolves the shards dropped. */
  dropAll(): number[];
  /** The connection is back: `shards` were dropped by the fence and may still carry our token. */
  restored(shards: number[]): void;
}

/**
 * Peers take our shards once our lease connection has been absent from CLIENT LIST for the grace
 * period, whether or not this process is alive (a connection reset, CLIENT KILL, Redis refusing
 * us): drop them first, a second ahead, so an early takeover never overlaps our sockets.
 *
 * Not while Redis refuses connections outright (ECONNREFUSED: it is down or restarting): then no
 * peer can see anything either, and after the restart every watcher starts over, so nobody takes
 * over early. A Redis outage keeps the old behaviour: shards go at 0.8·TTL without renewals.
 */
export class ConnectionFence {
  private timer: NodeJS.Timeout | undefined;
  private dropped: number[] = [];
  private closed = false;
  /** The last reconnect attempt found nothing listening. */
  private refused = false;

  constructor(private readonly options: ConnectionFenceOptions) {
    options.redis.on('error', (error: NodeJS.ErrnoException) => {
      this.refused = error.code === 'ECONNREFUSED';
    });
    options.redis.on('close', () => this.arm());
    options.redis.on('ready', () => {
      this.refused = false;
      this.disarm();
    });
  }

  /** We are closing the connection ourselves: nothing to fence. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }

  private arm(): void {
    if (this.timer || this.closed) return;
    const { graceMs } = this.options;
    const fenceMs = Math.max(Math.floor(graceMs / 2), graceMs - 1_000);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.refused) this.arm();
      else this.dropped.push(...this.options.dropAll());
    }, fenceMs);
  }

  private disarm(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const shards = this.dropped;
    this.dropped = [];
    if (shards.length > 0) this.options.restored(shards);
  }
}
