import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { AbsenceTracker } from './absence-tracker.js';
import { presentLeaseTokens } from './lease-connection.js';
import { leaseKey, releaseLease } from './lease-store.js';
import { forgetWorker } from './registry.js';

export interface HolderWatchOptions {
  /** Our lease connection: the watch resets whenever it reconnects. */
  redis: Redis;
  token: string;
  shards: number;
  graceMs: number;
  logger: Logger;
  /**
   * A holder was found dead, or some shard has no holder: balance now rather than next round.
   * Every watcher must hear of free shards, not only the one whose delete won, or the others
   * would take their share only at their next round, up to TTL/3 later.
   */
  onVacancy(): void;
  /** A holder of these shards just went missing: they may be ours after the grace period. */
  onMissing?(shards: number[]): void;
}

/**
 * Frees the leases of a worker whose process is gone, without waiting for them to expire. Each
 * poll is one round trip (CLIENT LIST + MGET of the lease keys); a holder whose named lease
 * connection stays absent for the grace period (see AbsenceTracker) loses its leases by
 * compare-and-delete on its token, and the normal acquire path (which bumps the fencing epoch)
 * hands them out. Every live worker watches; whichever frees a lease first wins, the others' deletes
 * find a different value and do nothing.
 *
 * A paused (SIGSTOP) or partitioned worker keeps its TCP connection, so it stays present and is
 * only ever replaced by lease expiry, after it fenced itself at 0.8·TTL. CLIENT LIST is per Redis
 * node: this assumes the leases live on the node this connection talks to (true for the plain
 * connections used today; a Cluster connection would need one watch per master, see docs/architecture.md).
 */
export class HolderWatch {
  private readonly tracker: AbsenceTracker;
  private generation = 0;
  private polling = false;
  private disabled = false;
  /** When our connection last became ready (a reconnect after a Redis restart, say). */
  private readyAt = Date.now();

  constructor(private readonly options: HolderWatchOptions) {
    this.tracker = new AbsenceTracker(options.graceMs);
    // A reconnect may mean a Redis restart: everybody vanished from CLIENT LIST at once and comes
    // back at its own pace. Start over, so only absence observed on this connection counts.
    options.redis.on('ready', () => {
      this.generation++;
      this.tracker.reset();
      this.readyAt = Date.now();
    });
  }

  async poll(now = () => Date.now()): Promise<void> {
    if (this.polling || this.disabled) return;
    this.polling = true;
    const { redis, token, shards, logger } = this.options;
    const generation = this.generation;
    try {
      const keys = Array.from({ length: shards }, (_, shard) => leaseKey(shard));
      const replies =
        (await redis
          .pipeline()
          .call('CLIENT', 'LIST', 'TYPE', 'normal')
          .mget(...keys)
          .exec()) ?? [];
      const [[listError, list] = [], [mgetError, values] = []] = replies;
      if (listError) throw listError;
      if (mgetError) throw mgetError;
      // The replies may come from a connection made after a Redis restart: no evidence.
      if (generation !== this.generation) return;
      const held = new Map<string, number[]>();
      (values as Array<string | null>).forEach((holder, shard) => {
        if (holder !== null && holder !== token) held.set(holder, [...(held.get(holder) ?? []), shard]);
      });
      const { dead, missing } = this.tracker.observe(held.keys(), presentLeaseTokens(String(list)), now());
      if (missing.length > 0) this.options.onMissing?.(missing.flatMap((holder) => held.get(holder) ?? []));
      for (const holder of dead) {
        const freed: number[] = [];
        for (const shard of held.get(holder) ?? [])
          if (await releaseLease(redis, shard, holder)) freed.push(shard);
        await forgetWorker(redis, holder);
        if (freed.length > 0)
          logger.warn({ holder, shards: freed }, 'lease holder vanished from Redis; freed its shards');
      }
      // Right after our own reconnect (a Redis restart: everyone is reconnecting and restarting
      // shards), free shards wait for the regular balancing round as they always did; the quick
      // round is for a peer that died while we were connected.
      const settled = now() - this.readyAt >= this.options.graceMs;
      if (dead.length > 0 || (settled && (values as Array<string | null>).includes(null)))
        this.options.onVacancy();
    } catch (error) {
      // Without CLIENT LIST (renamed, or denied by an ACL) leases still move on expiry.
      if (/unknown command|NOPERM|unknown subcommand/i.test(String(error))) {
        this.disabled = true;
        logger.warn(
          { err: error },
          'CLIENT LIST unavailable; dead workers’ shards move on lease expiry only',
        );
      } else logger.debug({ err: error }, 'holder watch poll failed');
    } finally {
      this.polling = false;
    }
  }
}
