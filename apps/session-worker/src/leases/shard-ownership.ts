import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { planBalance } from './balance-plan.js';
import { acquireLease, freeShards, releaseLease, renewLeases } from './lease-store.js';
import { deregister, heartbeat, liveWorkers } from './registry.js';

export interface ShardOwnershipOptions {
  redis: Redis;
  workerId: string;
  shards: number;
  ttlMs: number;
  logger: Logger;
  /** Start serving a shard just acquired under `epoch`. */
  onAcquire(shard: number, epoch: number): Promise<void>;
  /** Hand a shard back gracefully (jobs finished, sockets closed) while the lease is still ours. */
  onRelease(shard: number): Promise<void>;
  /** The lease is gone or can no longer be trusted: close the shard's sockets at once. */
  onLost(shard: number): void;
  onChange?(owned: number): void;
}

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

  constructor(private readonly options: ShardOwnershipOptions) {}

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
    await this.balance();
    const renewTimer = setInterval(() => void this.renew(), this.period);
    const balanceTimer = setInterval(() => void this.balance(), this.period);
    // Checked on its own clock: a renewal stuck on an unreachable Redis must not delay it.
    const trustTimer = setInterval(
      () => this.expireUntrusted(),
      Math.max(50, Math.floor(this.options.ttlMs / 10)),
    );
    this.timers = [renewTimer, balanceTimer, trustTimer];
  }

  async renew(): Promise<void> {
    if (this.renewing) return;
    this.renewing = true;
    const shards = [...this.held.keys()];
    const started = Date.now();
    try {
      if (!this.stopped) await heartbeat(this.options.redis, this.options.workerId);
      const failed = new Set(await renewLeases(this.options.redis, shards, this.token, this.options.ttlMs));
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
    if (this.balancing || this.stopped) return;
    this.balancing = true;
    try {
      const { redis, workerId, shards, ttlMs } = this.options;
      await heartbeat(redis, workerId);
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
        this.options.logger.info({ shard, epoch }, 'shard acquired');
        acquired.push({ shard, epoch });
      }
      if (acquired.length > 0) this.options.onChange?.(this.held.size);
      // Shards start side by side and in the background: a takeover of many shards is as quick
      // as the slowest one, and a slow start never delays the next heartbeat or balancing round.
      for (const { shard, epoch } of acquired)
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
        await releaseLease(this.options.redis, shard, this.token);
        this.options.logger.info({ shard }, 'shard released');
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
    await deregister(this.options.redis, this.options.workerId).catch(() => undefined);
  }

  /** Crash-like stop for tests: stop renewing without releasing anything. */
  abandon(): void {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
  }
}
