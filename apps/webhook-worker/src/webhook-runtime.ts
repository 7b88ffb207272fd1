import { catalogue, EVENTS_QUEUE, queuePrefix, WEBHOOK_DELIVERIES_QUEUE } from '@wildcat/jobs';
import { connectRedis, redisOptions, WriteBatcher } from '@wildcat/redis-bus';
import { createStore, type Store } from '@wildcat/store';
import { type JobsOptions, Queue, Worker } from 'bullmq';
import type { Logger } from 'pino';
import { createAttempter } from './attempt-delivery.js';
import { DELIVERY_BACKOFF_TYPE, deliveryBackoffStrategy } from './backoff.js';
import { CircuitBreakers } from './circuit-breakers.js';
import { createDeliveryJobs } from './delivery-jobs.js';
import { createDeliveryProcessor } from './delivery-processor.js';
import { DeliverySlots } from './delivery-slots.js';
import { EndpointLimiter } from './endpoint-limiter.js';
import { createFanOut } from './fan-out.js';
import { type HealthServer, startHealthServer } from './health-server.js';
import { createHttpDeliverer } from './http-deliverer.js';
import { createWorkerMetrics, type WorkerMetrics } from './metrics.js';
import type { WorkerSettings } from './settings.js';
import { createSubscriptionMatcher } from './subscription-matcher.js';
import { WebhookCache } from './webhook-cache.js';

/** Event jobs in flight per delivery slot (see the events worker below). */
const EVENT_JOBS_PER_SLOT = 2;
/**
 * Delivery-record writes in flight at once. Every delivered event job waits for its record, so a
 * record that queued behind a write still on its way held a job (and so a delivery slot) for
 * up to two round trips; with four, one at most (bench: 883 -> 1125 and 1392 -> 1586/s).
 */
const RECORD_LANES = 4;

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
  const firstAttempts = new WriteBatcher(
    (batch: Parameters<Store['deliveries']['recordOpenedAttempts']>[0][number][]) =>
      store.deliveries.recordOpenedAttempts(batch),
    500,
    0,
    RECORD_LANES,
  );
  const attempts = new WriteBatcher((batch: Parameters<Store['deliveries']['recordAttempts']>[0][number][]) =>
    store.deliveries.recordAttempts(batch),
  );
  const jobOptions = deliveryJobOptions(settings);
  const retention = catalogue.delivery.options.removeOnComplete;
  const deliveryJobs = createDeliveryJobs(deliveriesQueue, redis, {
    keepCompleted: { count: retention.count, ageSeconds: retention.age },
  });
  const webhooks = new WebhookCache(store.webhooks);
  const matcher = createSubscriptionMatcher(store.webhooks);
  const attempt = createAttempter({
    http,
    breakers,
    limiter: new EndpointLimiter(settings.WEBHOOK_ENDPOINT_CONCURRENCY),
    slots: new DeliverySlots(settings.WEBHOOK_CONCURRENCY),
    metrics,
  });
  const eventsWorker = new Worker(
    EVENTS_QUEUE,
    createFanOut({
      webhooks: {
        matching: matcher.matching,
        disable: async (id, reason) => {
          await webhooks.disable(id, reason);
          matcher.forget();
        },
      },
      openDelivery: (input) => opens.add(input),
      recordFirstAttempt: (delivery, record) => firstAttempts.add({ delivery, attempt: record }),
      handOff: deliveryJobs.handOff,
      completed: deliveryJobs.completed,
      attempt,
      jobOptions,
      backoff: { baseMs: settings.WEBHOOK_BACKOFF_BASE_MS, maxMs: settings.WEBHOOK_BACKOFF_MAX_MS },
      metrics,
      logger,
    }),
    // Fan-outs make first attempts themselves. The deliveries in flight are capped by the shared
    // slots (WEBHOOK_CONCURRENCY) and endpoint limiter, not by this: the extra jobs are the ones
    // matching subscriptions or writing records before or after their delivery, so the
    // HTTP slots stay busy while those round trips are under way.
    {
      prefix: queuePrefix(EVENTS_QUEUE),
      connection,
      concurrency: settings.WEBHOOK_CONCURRENCY * EVENT_JOBS_PER_SLOT,
      ...lock,
    },
  );
  const deliveryWorker = new Worker(
    WEBHOOK_DELIVERIES_QUEUE,
    createDeliveryProcessor({
      deliveries: {
        recordAttempt: (id, record) => attempts.add({ id, attempt: record }),
        get: (id) => store.deliveries.get(id),
      },
      webhooks,
      attempt,
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
        await deliveryJobs.idle();
        await Promise.all([deliveriesQueue.close(), http.close(), health.close()]);
        redis.disconnect();
        await store.close();
      })();
      return closing;
    },
  };
}
