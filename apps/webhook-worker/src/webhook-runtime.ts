import {
  catalogue,
  connectRedis,
  EVENTS_QUEUE,
  queuePrefix,
  redisOptions,
  WEBHOOK_DELIVERIES_QUEUE,
} from '@wildcat/jobs';
import { createStore, type Store } from '@wildcat/store';
import { type JobsOptions, Queue, Worker } from 'bullmq';
import type { Logger } from 'pino';
import { DELIVERY_BACKOFF_TYPE, deliveryBackoffStrategy } from './backoff.js';
import { CircuitBreakers } from './circuit-breakers.js';
import { createDeliveryProcessor } from './delivery-processor.js';
import { EndpointLimiter } from './endpoint-limiter.js';
import { createFanOut, type DeliveryJobSpec } from './fan-out.js';
import { type HealthServer, startHealthServer } from './health-server.js';
import { createHttpDeliverer } from './http-deliverer.js';
import { createWorkerMetrics, type WorkerMetrics } from './metrics.js';
import type { WorkerSettings } from './settings.js';
import { WebhookCache } from './webhook-cache.js';
import { WriteBatcher } from './write-batcher.js';

/** Events fanned out at once; each is one MongoDB query and one addBulk. */
const FANOUT_CONCURRENCY = 16;

export interface WebhookRuntime {
  store: Store;
  metrics: WorkerMetrics;
  health: HealthServer;
  /** Stop taking jobs, let the ones in flight finish, close every connection. */
  close(): Promise<void>;
}

export function deliveryJobOptions(settings: Pick<WorkerSettings, 'WEBHOOK_MAX_ATTEMPTS'>): JobsOptions {
  return {
    ...catalogue.delivery.options,
    attempts: settings.WEBHOOK_MAX_ATTEMPTS,
    backoff: { type: DELIVERY_BACKOFF_TYPE },
  };
}

/** Builds and starts everything a webhook-worker process runs; main only wires signals to it. */
export async function startWebhookRuntime(settings: WorkerSettings, logger: Logger): Promise<WebhookRuntime> {
  const store = await createStore({ url: settings.MONGODB_URL, dbName: settings.MONGODB_DB });
  const redis = await connectRedis(settings.REDIS_URL, 'request');
  const connection = redisOptions(settings.REDIS_URL, 'blocking');
  const breakers = new CircuitBreakers({
    failureThreshold: settings.WEBHOOK_BREAKER_FAILURES,
    cooldownMs: settings.WEBHOOK_BREAKER_COOLDOWN_MS,
  });
  const metrics = createWorkerMetrics({
    deadLetters: () => store.deliveries.countDead(),
    openBreakers: () => breakers.openCount(),
  });
  const http = createHttpDeliverer({
    timeoutMs: settings.WEBHOOK_TIMEOUT_MS,
    allowPrivate: settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
  });

  const deliveriesQueue = new Queue(WEBHOOK_DELIVERIES_QUEUE, {
    prefix: queuePrefix(WEBHOOK_DELIVERIES_QUEUE),
    connection,
  });
  const lock = {
    lockDuration: settings.WEBHOOK_LOCK_MS,
    stalledInterval: settings.WEBHOOK_LOCK_MS,
    // A crash mid-job stalls it once; only a job that keeps killing workers is given up.
    maxStalledCount: 5,
  };
  // Concurrent jobs share round trips: one bulkWrite / addBulk for whatever piled up meanwhile.
  const opens = new WriteBatcher((inputs: Parameters<Store['deliveries']['open']>[0][]) =>
    store.deliveries.openMany(inputs),
  );
  const adds = new WriteBatcher((jobs: DeliveryJobSpec[]) => deliveriesQueue.addBulk(jobs as never));
  const attempts = new WriteBatcher((batch: Parameters<Store['deliveries']['recordAttempts']>[0][number][]) =>
    store.deliveries.recordAttempts(batch),
  );
  const eventsWorker = new Worker(
    EVENTS_QUEUE,
    createFanOut({
      webhooks: store.webhooks,
      openDelivery: (input) => opens.add(input),
      addDeliveryJob: (job) => adds.add(job),
      jobOptions: deliveryJobOptions(settings),
      metrics,
    }),
    { prefix: queuePrefix(EVENTS_QUEUE), connection, concurrency: FANOUT_CONCURRENCY, ...lock },
  );
  const deliveryWorker = new Worker(
    WEBHOOK_DELIVERIES_QUEUE,
    createDeliveryProcessor({
      deliveries: { recordAttempt: (id, attempt) => attempts.add({ id, attempt }) },
      webhooks: new WebhookCache(store.webhooks),
      http,
      breakers,
      limiter: new EndpointLimiter(settings.WEBHOOK_ENDPOINT_CONCURRENCY),
      metrics,
      logger,
    }),
    {
      prefix: queuePrefix(WEBHOOK_DELIVERIES_QUEUE),
      connection,
      concurrency: settings.WEBHOOK_CONCURRENCY,
      settings: {
        backoffStrategy: deliveryBackoffStrategy({
          baseMs: settings.WEBHOOK_BACKOFF_BASE_MS,
          maxMs: settings.WEBHOOK_BACKOFF_MAX_MS,
        }),
      },
      ...lock,
    },
  );
  for (const worker of [eventsWorker, deliveryWorker]) {
    worker.on('error', (error) => logger.warn({ err: error, queue: worker.name }, 'queue worker error'));
  }
  eventsWorker.on('failed', (job, error) =>
    logger.warn({ eventId: job?.id, error: error.message }, 'event fan-out failed'),
  );

  const health = await startHealthServer({
    port: settings.HEALTH_PORT,
    registry: metrics.registry,
    checks: {
      redis: async () => (await redis.ping()) === 'PONG',
      mongodb: () => store.ping(),
    },
  });

  await Promise.all([eventsWorker.waitUntilReady(), deliveryWorker.waitUntilReady()]);
  logger.info({ healthPort: health.port }, 'webhook worker started');
  let closing: Promise<void> | undefined;

  return {
    store,
    metrics,
    health,
    close() {
      closing ??= (async () => {
        await Promise.all([eventsWorker.close(), deliveryWorker.close()]);
        await Promise.all([deliveriesQueue.close(), http.close(), health.close()]);
        redis.disconnect();
        await store.close();
      })();
      return closing;
    },
  };
}
