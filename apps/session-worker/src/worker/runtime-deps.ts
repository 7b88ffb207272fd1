import { createGroupKeeper } from '../groups/group-keeper.js';
import type { Metrics } from '../health/metrics.js';
import { createInboundPersister } from '../inbound/inbound-persister.js';
import { AccountFifo } from '../send/account-fifo.js';
import type { SendDeps } from '../send/send-processor.js';
import { TokenBuckets } from '../send/token-bucket.js';
import type { SessionDeps } from '../sessions/account-session.js';
import { DEFAULT_POLICY } from '../sessions/reconnect-policy.js';
import { DesiredAccounts } from '../shards/desired-accounts.js';
import type { BullSettings, RuntimeDeps } from '../shards/shard-runtime.js';
import { createLimiter } from '../util/limiter.js';
import type { SessionWorkerOptions } from './session-worker-options.js';
import type { SharedPublishers } from './shared-publishers.js';

export interface WorkerRuntimeDeps {
  /** What every shard runtime of this worker shares. */
  deps: RuntimeDeps;
  /** Wanted accounts, read once per balancing burst (and ahead of a takeover). */
  desired: DesiredAccounts;
  close(): void;
}

/** Sessions, sends and control jobs of every shard share these writers, limits and publishers. */
export function buildRuntimeDeps(
  options: SessionWorkerOptions,
  publishers: SharedPublishers,
  metrics: Metrics,
): WorkerRuntimeDeps {
  const { store, redis, engine, logger } = options;
  const { publish, publishResult } = publishers;
  // Each message id through engine, persister and writes, so a lost one can be located in the
  // log: on with LOG_LEVEL=debug, and then only.
  const trace = logger.isLevelEnabled('debug') ? logger.child({ trace: 'message' }) : undefined;
  // One writer for sends and receipts, so a send's insert, `sent` and receipts share round trips.
  const messageWrites = store.messages.batchedWrites(trace);
  const inbound = createInboundPersister({ store, publish, logger, messageWrites, trace });
  const groups = createGroupKeeper({ store, publish, logger });
  const buckets = new TokenBuckets(options.sendRatePerMinute);
  const sweep = setInterval(() => buckets.sweep(), 60_000);
  sweep.unref();
  const desired = new DesiredAccounts(() => store.accounts.listWanting('connected'), options.shards);
  const sessionDeps: SessionDeps = {
    engine,
    store,
    redis,
    workerId: options.workerId,
    logger,
    ...(trace ? { trace } : {}),
    publish,
    inbound,
    groups,
    policy: { ...DEFAULT_POLICY, ...options.policy },
    onAlert: (accountId: string, code: number) => metrics.alert(accountId, code),
    identities: store.accounts.identityWrites((error) =>
      logger.warn({ err: error }, 'identity writes failed'),
    ),
    liveMirror: store.accounts.liveStatusMirror((error) =>
      logger.warn({ err: error }, 'live status mirror writes failed'),
    ),
  };
  const sendDeps: SendDeps = {
    store,
    logger,
    metrics,
    buckets,
    fifo: new AccountFifo(),
    ffmpegPath: options.ffmpegPath,
    ...(options.mediaUrl ? { mediaUrl: options.mediaUrl } : {}),
    maxRateWaitMs: options.sendMaxRateWaitMs,
    maxInFlightPerAccount: options.sendAccountMaxInFlight ?? 4,
    sessionWaitMs: options.sessionWaitMs ?? 15_000,
    holdMs: options.sendHoldMs,
    publishResult,
    finishSend: publishers.finishSend,
    traffic: publishers.traffic,
    messageWrites,
    publish,
  };
  const deps: RuntimeDeps = {
    logger,
    desiredAccounts: (shard) => desired.forShard(shard),
    startLimit: createLimiter(64),
    sessionDeps,
    sendDeps,
    controlDeps: {
      store,
      redis,
      engine,
      logger,
      fifo: new AccountFifo(),
      publishResult,
      pacing: { buckets, maxRateWaitMs: options.sendMaxRateWaitMs },
      groups,
      ...(options.mediaUrl ? { mediaUrl: options.mediaUrl } : {}),
    },
    bull: bullSettings(options),
  };
  return { deps, desired, close: () => clearInterval(sweep) };
}

function bullSettings(options: SessionWorkerOptions): BullSettings {
  return {
    redisUrl: options.redisUrl,
    // A short job lock lets a killed worker's active jobs run again soon on the new owner; too
    // short and a busy event loop misses a lock renewal and its jobs "stall" (re-run, harmless
    // because sends are idempotent, but wasteful).
    lockDuration: Math.min(30_000, Math.max(5_000, options.leaseTtlMs * 2)),
    stalledInterval: Math.min(5_000, Math.max(1_000, options.leaseTtlMs)),
    sendConcurrency: options.sendConcurrency ?? 64,
    controlConcurrency: 16,
  };
}
