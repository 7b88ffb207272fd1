import { writeWorkerInfo } from '@wildcat/redis-bus';
import type { Metrics } from '../health/metrics.js';
import { ShardOwnership } from '../leases/shard-ownership.js';
import type { DesiredAccounts } from '../shards/desired-accounts.js';
import { type RuntimeDeps, ShardRuntime } from '../shards/shard-runtime.js';
import type { SessionWorkerOptions } from './session-worker-options.js';

export interface WorkerOwnership {
  ownership: ShardOwnership;
  /** Stops copying the rebalance count into the metrics. */
  close(): void;
}

/**
 * The worker's shard leases: a shard acquired starts a ShardRuntime in `runtimes`, a shard
 * released hands its runtime over gracefully, a shard lost drops it at once. Not started yet.
 */
export function buildOwnership(
  options: SessionWorkerOptions,
  runtimes: Map<number, ShardRuntime>,
  runtime: { deps: RuntimeDeps; desired: DesiredAccounts },
  metrics: Metrics,
): WorkerOwnership {
  const graceMs = options.leaseTakeoverGraceMs ?? 0;
  const ownership = new ShardOwnership({
    redis: options.redis,
    workerId: options.workerId,
    shards: options.shards,
    ttlMs: options.leaseTtlMs,
    takeoverGraceMs: graceMs,
    // Read the accounts of a vanished holder's shards while its grace period runs.
    onHolderMissing: (shards) => runtime.desired.readAhead(shards, graceMs + 3_000),
    logger: options.logger,
    async onAcquire(shard, epoch) {
      const started = new ShardRuntime(shard, epoch, runtime.deps);
      runtimes.set(shard, started);
      await started.start();
    },
    async onRelease(shard) {
      const released = runtimes.get(shard);
      runtimes.delete(shard);
      await released?.stopGracefully();
    },
    onLost(shard) {
      const lost = runtimes.get(shard);
      runtimes.delete(shard);
      lost?.stopLost();
    },
    onChange() {
      metrics.rebalances.inc(0);
    },
  });
  const stopCounting = countRebalances(ownership, metrics);
  const stopPublishing = publishInfo(options, ownership, runtimes);
  return {
    ownership,
    close() {
      stopCounting();
      stopPublishing();
    },
  };
}

/**
 * Publishes shards, accounts held and memory once a second for the console's workers page; the
 * entry expires a few seconds after the worker stops, so a dead worker's shards leave the map.
 */
function publishInfo(
  options: SessionWorkerOptions,
  ownership: ShardOwnership,
  runtimes: Map<number, ShardRuntime>,
): () => void {
  const tick = setInterval(() => {
    let accounts = 0;
    for (const shardRuntime of runtimes.values()) accounts += shardRuntime.sessions.size;
    const memory = process.memoryUsage();
    const info = {
      workerId: options.workerId,
      shards: ownership.owned(),
      accounts,
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      updatedAt: Date.now(),
    };
    writeWorkerInfo(options.redis, info, Math.max(3_000, options.leaseTtlMs)).catch(() => {
      // Redis away: the lease machinery reports it; the console shows the entry as stale.
    });
  }, 1_000);
  tick.unref();
  return () => clearInterval(tick);
}

/** Copies the ownership's rebalance count into its counter once a second; returns the stop. */
function countRebalances(ownership: ShardOwnership, metrics: Metrics): () => void {
  let counted = 0;
  const tick = setInterval(() => {
    if (ownership.rebalances > counted) metrics.rebalances.inc(ownership.rebalances - counted);
    counted = ownership.rebalances;
  }, 1_000);
  tick.unref();
  return () => clearInterval(tick);
}
