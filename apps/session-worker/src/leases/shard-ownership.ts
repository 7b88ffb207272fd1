import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { planBalance } from './balance-plan.js';
import { ConnectionFence } from './connection-fence.js';
import { HolderWatch } from './holder-watch.js';
import { openLeaseConnection } from './lease-connection.js';
import { acquireLease, freeShards, releaseLease, renewLeases } from './lease-store.js';
import { deregister, heartbeat, liveWorkers } from './registry.js';
import type { ShardOwnershipOptions } from './shard-ownership-options.js';

export type { ShardOwnershipOptions } from './shard-ownership-options.js';

interface Held {
  epoch: number;
  /** Local time until which the lease is certainly ours (renewal start + TTL). */
  validUntil: number;
}

/**
 * Holds shard leases for one worker: renews them every TTL/3 with a compare-and-set, drops a
 * shard the moment a renewal fails or its validity runs out, and balances shards across the
 * workers of the heartbeat registry.
 */
export class ShardOwnership {
  readonly token = randomBytes(16).toString('hex');
  /** Leases, heartbeats and the holder watch all go through this connection, named after the token. */
  private readonly redis: Redis;
  private readonly watch: HolderWatch | undefined;
  private readonly fence: ConnectionFence | undefined;
  private balanceAgain = false;
  private readonly held = new Map<number, Held>();
  private readonly releasing = new Set<number>();
  private timers: NodeJS.Timeout[] = [];
  private balancing = false;
  private renewing = false;
  /** Hand-overs and shard starts run beside the balancing loop, never blocking heartbeats. */
  private readonly background = new Set<Promise<void>>();
  private stopped = false;
  private lastRenewOk = 0;
  private lastBalanceOk = 0;
  rebalances = 0;

  constructor(private readonly options: ShardOwnershipOptions) {
    this.redis = openLeaseConnection(options.redis, this.token);
    const graceMs = options.takeoverGraceMs ?? 0;
    if (graceMs > 0) {
      this.watch = new HolderWatch({
        redis: this.redis,
        token: this.token,
        shards: options.shards,
        graceMs,
        logger: options.logger,
        onVacancy: () => void this.balance(),
        onMissing: (shards) => options.onHolderMissing?.(shards),
      });
      this.fence = new ConnectionFence({
        redis: this.redis,
        graceMs,
        dropAll: () => {
          const shards = [...this.held.keys()];
          for (const shard of shards) this.lose(shard, 'lease connection lost');
          return shards;
        },
        // Their sockets closed long ago: free the leases still carrying our token so the shards
        // move now rather than at expiry (to us or a peer, whoever balances first).
        restored: (shards) =>
          void Promise.all(shards.map((shard) => releaseLease(this.redis, shard, this.token)))
            .then(() => this.balance())
            .catch((error) =>
              this.options.logger.warn({ err: error, shards }, 'freeing restored leases failed; they expire'),
            ),
      });
    }
  }

  get period(): number {
    return Math.max(100, Math.floor(this.options.ttlMs / 3));
  }

  owned(): number[] {
    return [...this.held.keys()].sort((a, b) => a - b);
  }

  epochOf(shard: number): number | undefined {
    return this.held.get(shard)?.epoch;
  }

  /** Leases renewed and registry reachable within the last TTL. */
  healthy(now = Date.now()): boolean {
    const window = this.options.ttlMs;
    const renewOk = this.held.size === 0 || now - this.lastRenewOk < window;
    return renewOk && now - this.lastBalanceOk < window;
  }

  async start(): Promise<void> {
    await this.redis.connect();
    await this.balance();
    const renewTimer = setInterval(() => void this.renew(), this.period);
    const balanceTimer = setInterval(() => void this.balance(), this.period);
    // Checked on its own clock: a renewal stuck on an unreachable Redis must not delay it.
    const trustTimer = setInterval(
      () => this.expireUntrusted(),
      Math.max(50, Math.floor(this.options.ttlMs / 10)),
    );
    this.timers = [renewTimer, balanceTimer, trustTimer];
    const watch = this.watch;
    if (watch) this.timers.push(setInterval(() => void watch.poll(), this.options.watchIntervalMs ?? 500));
  }

  private beat(): Promise<void> {
    return heartbeat(this.redis, this.options.workerId, Date.now(), {
      value: this.token,
      ttlMs: this.options.ttlMs,
    });
  }

  async renew(): Promise<void> {
    if (this.renewing) return;
    this.renewing = true;
    const shards = [...this.held.keys()];
    const started = Date.now();
    try {
      if (!this.stopped) await this.beat();
      const failed = new Set(await renewLeases(this.redis, shards, this.token, this.options.ttlMs));
      for (const shard of shards) {
        const held = this.held.get(shard);
        if (!held) continue;
        if (failed.has(shard)) this.lose(shard, 'renewal refused');
        else held.validUntil = started + this.options.ttlMs;
      }
      this.lastRenewOk = Date.now();
    } catch (error) {
      this.options.logger.warn({ err: error }, 'lease renewal failed');
    } finally {
      this.renewing = false;
    }
    this.expireUntrusted();
  }

  /** Without a renewal we cannot know whether the lease still stands: give it up before it expires. */
  private expireUntrusted(now = Date.now()): void {
    const margin = Math.floor(this.options.ttlMs / 5);
    for (const [shard, held] of this.held)
      if (now > held.validUntil - margin) this.lose(shard, 'lease expired');
  }

  private lose(shard: number, reason: string): void {
    if (!this.held.delete(shard)) return;
    this.options.logger.warn({ shard, reason }, 'shard lease lost; closing its sockets');
    this.options.onLost(shard);
    this.options.onChange?.(this.held.size);
  }

  async balance(): Promise<void> {
    if (this.stopped) return;
    if (this.balancing) {
      // A holder was just found dead mid-round: this round may have read the shards as taken.
      this.balanceAgain = true;
      return;
    }
    this.balancing = true;
    try {
      const { shards, ttlMs } = this.options;
      const redis = this.redis;
      await this.beat();
      const live = await liveWorkers(redis, ttlMs);
      const others = Array.from({ length: shards }, (_, shard) => shard).filter(
        (shard) => !this.held.has(shard),
      );
      const free = await freeShards(redis, others);
      const owned = [...this.held.keys()].filter((shard) => !this.releasing.has(shard));
      const plan = planBalance({ shards, liveWorkers: Math.max(1, live.length), owned, free });
      this.lastBalanceOk = Date.now();
      if (plan.release.length > 0 || plan.acquire.length > 0) this.rebalances++;
      for (const shard of plan.release) this.track(this.release(shard));
      const acquired: Array<{ shard: number; epoch: number }> = [];
      for (const shard of plan.acquire) {
        if (this.stopped) break;
        const started = Date.now();
        const epoch = await acquireLease(redis, shard, this.token, ttlMs);
        if (epoch === undefined) continue;
        this.held.set(shard, { epoch, validUntil: started + ttlMs });
        this.options.logger.debug({ shard, epoch }, 'shard acquired');
        acquired.push({ shard, epoch });
      }
      if (acquired.length > 0) this.options.onChange?.(this.held.size);
      // One line per rebalance at INFO (a start used to print three per shard); detail at DEBUG.
      if (acquired.length > 0 || plan.release.length > 0)
        this.options.logger.info(
          {
            holding: this.held.size - plan.release.length,
            acquired: acquired.map(({ shard }) => shard),
            released: plan.release,
          },
          'shards rebalanced',
        );
      // Shards start side by side and in the background: a takeover of many shards is as quick
      // as the slowest one, and a slow start never delays the next heartbeat or balancing round.
      // Only those still held at the epoch acquired: a round that waited out a Redis outage on its
      // later acquisitions may have lost its first ones meanwhile (expired, with nothing running
      // yet to close), and starting one would run a stale-epoch runtime beside its next owner's.
      for (const { shard, epoch } of acquired)
        if (this.held.get(shard)?.epoch === epoch)
          this.track(
            this.options.onAcquire(shard, epoch).catch(async (error) => {
              // A shard held but not started would leave its accounts offline and their inboxes
              // undrained (e.g. MongoDB down while loading them): hand it back so a later round
              // acquires it again and retries the start.
              this.options.logger.warn({ err: error, shard }, 'shard start failed; handing it back to retry');
              await this.release(shard).catch(() => this.lose(shard, 'start failed'));
            }),
          );
    } catch (error) {
      this.options.logger.warn({ err: error }, 'shard balancing failed');
    } finally {
      this.balancing = false;
    }
    if (this.balanceAgain) {
      this.balanceAgain = false;
      await this.balance();
    }
  }

  private track(task: Promise<void>): void {
    this.background.add(task);
    void task.finally(() => this.background.delete(task));
  }

  private async release(shard: number): Promise<void> {
    if (this.releasing.has(shard) || !this.held.has(shard)) return;
    this.releasing.add(shard);
    try {
      await this.options.onRelease(shard);
      if (this.held.delete(shard)) {
        await releaseLease(this.redis, shard, this.token);
        this.options.logger.debug({ shard }, 'shard released');
        this.options.onChange?.(this.held.size);
      }
    } finally {
      this.releasing.delete(shard);
    }
  }

  /** Graceful stop: hand every shard back and leave the registry. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    while (this.balancing) await new Promise((resolve) => setTimeout(resolve, 20));
    await Promise.allSettled([...this.background]);
    // Keep renewing while shards drain, so a slow drain does not lose them midway.
    const renewTimer = setInterval(() => void this.renew(), this.period);
    const trustTimer = setInterval(
      () => this.expireUntrusted(),
      Math.max(50, Math.floor(this.options.ttlMs / 10)),
    );
    try {
      await Promise.all([...this.held.keys()].map((shard) => this.release(shard)));
      await Promise.allSettled([...this.background]);
    } finally {
      clearInterval(renewTimer);
      clearInterval(trustTimer);
    }
    await deregister(this.redis, this.options.workerId, this.token).catch((error) =>
      this.options.logger.warn({ err: error }, 'deregister failed; the heartbeat entry expires instead'),
    );
    this.close();
  }

  /** Crash-like stop for tests: stop renewing without releasing anything; the connection drops as a dying process's would. */
  abandon(): void {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    this.close();
  }

  private close(): void {
    this.fence?.close();
    this.redis.disconnect();
  }
}
