import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { AbsenceTracker } from './absence-tracker.js';
import { observeHolders } from './holder-observations.js';
import { releaseLease } from './lease-store.js';
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

/** One node's judge: absence is evidence only on the connection it was seen through. */
interface NodeWatch {
  tracker: AbsenceTracker;
  connection: Redis;
  /** When this node was first watched through this connection (a restart, or a promoted replica). */
  since: number;
}

/**
 * Frees the leases of a worker whose process is gone, without waiting for them to expire. Each
 * poll is one round trip per Redis node (CLIENT LIST + the lease keys it serves); a holder whose
 * named lease connection stays absent for the grace period (see AbsenceTracker) loses its leases
 * by compare-and-delete on its token, and the normal acquire path (which bumps the fencing epoch)
 * hands them out. Every live worker watches; whichever frees a lease first wins, the others'
 * deletes find a different value and do nothing.
 *
 * A paused (SIGSTOP) or partitioned worker keeps its TCP connection, so it stays present and is
 * only ever replaced by lease expiry, after it fenced itself at 0.8·TTL. CLIENT LIST is per node:
 * on a Redis Cluster each master is watched on its own, judging only the leases whose slot it
 * serves. A master seen for the first time (a failover promoted a replica, or its connection was
 * replaced) starts with no evidence, as after a restart: nobody on it has been seen present yet.
 * Every worker's watch polls every master through its lease connection, so each live worker is
 * present on every master within one poll interval.
 */
export class HolderWatch {
  private readonly nodes = new Map<string, NodeWatch>();
  private generation = 0;
  private polling = false;
  private disabled = false;

  constructor(private readonly options: HolderWatchOptions) {
    // A reconnect may mean a Redis restart: everybody vanished from CLIENT LIST at once and comes
    // back at its own pace. Start over, so only absence observed on this connection counts.
    options.redis.on('ready', () => {
      this.generation++;
      this.nodes.clear();
    });
  }

  async poll(now = () => Date.now()): Promise<void> {
    if (this.polling || this.disabled) return;
    this.polling = true;
    const { redis, token, shards, logger } = this.options;
    const generation = this.generation;
    try {
      const observations = await observeHolders(redis, shards);
      // The replies may come from a connection made after a Redis restart: no evidence.
      if (generation !== this.generation) return;
      const at = now();
      let vacancy = false;
      let anyDead = false;
      const watched = new Set<string>();
      for (const observation of observations) {
        watched.add(observation.node);
        let node = this.nodes.get(observation.node);
        if (!node || node.connection !== observation.connection) {
          node = {
            tracker: new AbsenceTracker(this.options.graceMs),
            connection: observation.connection,
            since: at,
          };
          this.nodes.set(observation.node, node);
        }
        const held = new Map<string, number[]>();
        for (const [shard, holder] of observation.holders)
          if (holder !== null && holder !== token) held.set(holder, [...(held.get(holder) ?? []), shard]);
        const { dead, missing } = node.tracker.observe(held.keys(), observation.present, at);
        if (missing.length > 0) this.options.onMissing?.(missing.flatMap((holder) => held.get(holder) ?? []));
        for (const holder of dead) {
          anyDead = true;
          const freed: number[] = [];
          for (const shard of held.get(holder) ?? [])
            if (await releaseLease(redis, shard, holder)) freed.push(shard);
          await forgetWorker(redis, holder);
          if (freed.length > 0)
            logger.warn(
              { holder, shards: freed, node: observation.node },
              'lease holder vanished from Redis; freed its shards',
            );
        }
        // Right after a (re)connect (a Redis restart or failover: everyone is reconnecting and
        // restarting shards), free shards wait for the regular balancing round as they always
        // did; the quick round is for a peer that died while we were connected.
        const settled = at - node.since >= this.options.graceMs;
        if (settled && observation.holders.some(([, holder]) => holder === null)) vacancy = true;
      }
      for (const node of this.nodes.keys()) if (!watched.has(node)) this.nodes.delete(node);
      if (anyDead || vacancy) this.options.onVacancy();
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
