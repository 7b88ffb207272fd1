import { createMetrics, type Metrics } from '../health/metrics.js';
import type { ShardOwnership } from '../leases/shard-ownership.js';
import type { ShardRuntime } from '../shards/shard-runtime.js';
import { buildRuntimeDeps } from './runtime-deps.js';
import type { SessionWorkerOptions } from './session-worker-options.js';
import { buildPublishers } from './shared-publishers.js';
import { buildOwnership } from './worker-ownership.js';

export type { SessionWorkerOptions } from './session-worker-options.js';

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
  const runtimes = new Map<number, ShardRuntime>();
  const publishers = buildPublishers(options);
  let ownership: ShardOwnership | undefined;
  const metrics = createMetrics({
    accountLabels: options.metricsAccountLabels ?? false,
    sessionsByStatus: () => sessionsByStatus(runtimes),
    leasesOwned: () => ownership?.owned().length ?? 0,
  });
  const runtime = buildRuntimeDeps(options, publishers, metrics);
  const owned = buildOwnership(options, runtimes, runtime, metrics);
  ownership = owned.ownership;
  await ownership.start();

  async function closeShared(): Promise<void> {
    runtime.close();
    owned.close();
    await options.engine
      .close()
      .catch((error) => options.logger.warn({ err: error }, 'engine did not close cleanly'));
    await publishers.close();
  }
  return workerHandle(options, { ownership, metrics, runtimes, closeShared });
}

function sessionsByStatus(runtimes: Map<number, ShardRuntime>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const runtime of runtimes.values())
    for (const session of runtime.sessions.values())
      counts[session.status] = (counts[session.status] ?? 0) + 1;
  return counts;
}

/** The running worker as main.ts and the tests hold it: readiness, graceful stop, crash. */
function workerHandle(
  options: SessionWorkerOptions,
  parts: {
    ownership: ShardOwnership;
    metrics: Metrics;
    runtimes: Map<number, ShardRuntime>;
    closeShared(): Promise<void>;
  },
): SessionWorker {
  const { redis, store } = options;
  const { ownership, runtimes, closeShared } = parts;
  return {
    workerId: options.workerId,
    ownership,
    metrics: parts.metrics,
    runtimes,
    sessionsByStatus: () => sessionsByStatus(runtimes),
    async ready() {
      const [redisOk, mongoOk] = await Promise.all([
        // A failed ping is the answer: Redis is not ready.
        redis.ping().then(
          (reply) => reply === 'PONG',
          () => false,
        ),
        store.ping(),
      ]);
      return { redis: redisOk, mongodb: mongoOk, leases: ownership.healthy() };
    },
    async stop() {
      await ownership.stop();
      await closeShared();
    },
    async crash() {
      ownership.abandon();
      for (const [shard, runtime] of runtimes) {
        runtimes.delete(shard);
        runtime.stopLost();
      }
      await closeShared();
    },
  };
}
