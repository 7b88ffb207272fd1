import { EVENTS_QUEUE, queuePrefix } from '@wildcat/jobs';
import { redisOptions } from '@wildcat/redis-bus';
import type { Store } from '@wildcat/store';
import type { WaEngine } from '@wildcat/wa';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { EventBatcher } from '../events/event-batcher.js';
import { createMetrics, type Metrics } from '../health/metrics.js';
import { createInboundPersister } from '../inbound/inbound-persister.js';
import { ShardOwnership } from '../leases/shard-ownership.js';
import { ResultPublisher } from '../results/result-publisher.js';
import { AccountFifo } from '../send/account-fifo.js';
import { TokenBuckets } from '../send/token-bucket.js';
import { DEFAULT_POLICY, type PolicyOptions } from '../sessions/reconnect-policy.js';
import { DesiredAccounts } from '../shards/desired-accounts.js';
import { ShardRuntime } from '../shards/shard-runtime.js';
import { createLimiter } from '../util/limiter.js';

export interface SessionWorkerOptions {
  workerId: string;
  redisUrl: string;
  /** Shared command connection (leases, status, sandbox). */
  redis: Redis;
  store: Store;
  engine: WaEngine;
  logger: Logger;
  shards: number;
  leaseTtlMs: number;
  /** Take over a dead holder's shards after its connection has been gone this long (0: on expiry only). */
  leaseTakeoverGraceMs?: number;
  sendRatePerMinute: number;
  sendMaxRateWaitMs: number;
  ffmpegPath: string;
  metricsAccountLabels?: boolean;
  policy?: Partial<PolicyOptions>;
  sendConcurrency?: number;
  /** Send slots one account may hold at once (default 4); the rest of its sends wait in Redis. */
  sendAccountMaxInFlight?: number;
  /** How long a send waits for a connecting account (default 15 s). */
  sessionWaitMs?: number;
  /** How long an accepted send is held for its account to come back (SEND_HOLD_MS). */
  sendHoldMs: number;
}

export interface SessionWorker {
  readonly workerId: string;
  readonly ownership: ShardOwnership;
  readonly metrics: Metrics;
  runtimes: Map<number, ShardRuntime>;
  sessionsByStatus(): Record<string, number>;
  ready(): Promise<Record<string, boolean>>;
  /** Graceful: stop taking jobs, finish sends in flight, close sockets, release leases. */
  stop(): Promise<void>;
  /** As if the process died: stop renewing and drop everything without handing over (tests). */
  crash(): Promise<void>;
}

/** Builds and starts a session worker; `main.ts` only wires configuration into this. */
export async function startSessionWorker(options: SessionWorkerOptions): Promise<SessionWorker> {
  const { redis, store, engine, logger, workerId } = options;
  const runtimes = new Map<number, ShardRuntime>();
  const eventsQueue = new Queue(EVENTS_QUEUE, {
    prefix: queuePrefix(EVENTS_QUEUE),
    connection: redisOptions(options.redisUrl, 'blocking'),
  });
  eventsQueue.on('error', (error) => logger.warn({ err: error }, 'events queue error'));
  // Every send's receipt is an event: batched, so a busy worker makes few round trips for them.
  const { publish } = new EventBatcher(redis, eventsQueue);
  // One result per send: a turn's results share one pipeline, with the sends leaving their backlog.
  const results = new ResultPublisher(redis);
  const { publish: publishResult } = results;

  const sessionsByStatus = () => {
    const counts: Record<string, number> = {};
    for (const runtime of runtimes.values())
      for (const session of runtime.sessions.values())
        counts[session.status] = (counts[session.status] ?? 0) + 1;
    return counts;
  };
  let ownership: ShardOwnership | undefined;
  const metrics = createMetrics({
    accountLabels: options.metricsAccountLabels ?? false,
    sessionsByStatus,
    leasesOwned: () => ownership?.owned().length ?? 0,
  });

  // One writer for sends and receipts, so a send's insert, `sent` and receipts share round trips.
  const messageWrites = store.messages.batchedWrites();
  const inbound = createInboundPersister({ store, publish, logger, messageWrites });
  const buckets = new TokenBuckets(options.sendRatePerMinute);
  const sweep = setInterval(() => buckets.sweep(), 60_000);
  sweep.unref();

  // Desired accounts are read once per balancing burst, not once per shard.
  const desired = new DesiredAccounts(() => store.accounts.listWanting('connected'), options.shards);
  const desiredAccounts = (shard: number) => desired.forShard(shard);

  // A short job lock lets a killed worker's active jobs run again soon on the new owner; too
  // short and a busy event loop misses a lock renewal and its jobs "stall" (re-run, harmless
  // because sends are idempotent, but wasteful).
  const lockDuration = Math.min(30_000, Math.max(5_000, options.leaseTtlMs * 2));
  const runtimeDeps = {
    logger,
    desiredAccounts,
    startLimit: createLimiter(64),
    sessionDeps: {
      engine,
      store,
      redis,
      workerId,
      logger,
      publish,
      inbound,
      policy: { ...DEFAULT_POLICY, ...options.policy },
      onAlert: (accountId: string, code: number) => metrics.alert(accountId, code),
      identities: store.accounts.identityWrites((error) =>
        logger.warn({ err: error }, 'identity writes failed'),
      ),
    },
    sendDeps: {
      store,
      logger,
      metrics,
      buckets,
      fifo: new AccountFifo(),
      ffmpegPath: options.ffmpegPath,
      maxRateWaitMs: options.sendMaxRateWaitMs,
      maxInFlightPerAccount: options.sendAccountMaxInFlight ?? 4,
      sessionWaitMs: options.sessionWaitMs ?? 15_000,
      holdMs: options.sendHoldMs,
      publishResult,
      finishSend: results.finishSend,
      messageWrites,
    },
    controlDeps: { store, redis, engine, logger, fifo: new AccountFifo(), publishResult },
    bull: {
      redisUrl: options.redisUrl,
      lockDuration,
      stalledInterval: Math.min(5_000, Math.max(1_000, options.leaseTtlMs)),
      sendConcurrency: options.sendConcurrency ?? 64,
      controlConcurrency: 16,
    },
  };

  const owner = new ShardOwnership({
    redis,
    workerId,
    shards: options.shards,
    ttlMs: options.leaseTtlMs,
    takeoverGraceMs: options.leaseTakeoverGraceMs ?? 0,
    // Read the accounts of a vanished holder's shards while its grace period runs.
    onHolderMissing: (shards) => desired.readAhead(shards, (options.leaseTakeoverGraceMs ?? 0) + 3_000),
    logger,
    async onAcquire(shard, epoch) {
      const runtime = new ShardRuntime(shard, epoch, runtimeDeps);
      runtimes.set(shard, runtime);
      await runtime.start();
    },
    async onRelease(shard) {
      const runtime = runtimes.get(shard);
      runtimes.delete(shard);
      await runtime?.stopGracefully();
    },
    onLost(shard) {
      const runtime = runtimes.get(shard);
      runtimes.delete(shard);
      runtime?.stopLost();
    },
    onChange() {
      metrics.rebalances.inc(0);
    },
  });
  ownership = owner;
  let lastRebalances = 0;
  const rebalanceTick = setInterval(() => {
    if (owner.rebalances > lastRebalances) metrics.rebalances.inc(owner.rebalances - lastRebalances);
    lastRebalances = owner.rebalances;
  }, 1_000);
  rebalanceTick.unref();
  await owner.start();

  async function closeShared(): Promise<void> {
    clearInterval(sweep);
    clearInterval(rebalanceTick);
    await engine.close().catch(() => undefined);
    await eventsQueue.close().catch(() => undefined);
  }

  return {
    workerId,
    ownership: owner,
    metrics,
    runtimes,
    sessionsByStatus,
    async ready() {
      const [redisOk, mongoOk] = await Promise.all([
        redis.ping().then(
          (reply) => reply === 'PONG',
          () => false,
        ),
        store.ping(),
      ]);
      return { redis: redisOk, mongodb: mongoOk, leases: owner.healthy() };
    },
    async stop() {
      await owner.stop();
      await closeShared();
    },
    async crash() {
      owner.abandon();
      for (const [shard, runtime] of runtimes) {
        runtimes.delete(shard);
        runtime.stopLost();
      }
      await closeShared();
    },
  };
}
