import { catalogue, queuePrefix, WEBHOOK_DELIVERIES_QUEUE } from '@wildcat/jobs';
import { bullConnection, connectRedis, redisTarget, TrafficCounter } from '@wildcat/redis-bus';
import { createStore, type Store } from '@wildcat/store';
import { type ConnectionOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createAttempter } from './attempt-delivery.js';
import { CircuitBreakers } from './circuit-breakers.js';
import { createDeliveryJobs } from './delivery-jobs.js';
import { DeliverySlots } from './delivery-slots.js';
import { createDeliveryWriters } from './delivery-writers.js';
import { EndpointLimiter } from './endpoint-limiter.js';
import { type HealthServer, startHealthServer } from './health-server.js';
import { createHttpDeliverer } from './http-deliverer.js';
import { startInterestRefresh } from './interest-refresh.js';
import { createWorkerMetrics, type WorkerMetrics } from './metrics.js';
import { startDeliveryWorker, startEventsWorker } from './queue-workers.js';
import type { WorkerSettings } from './settings.js';
import { WebhookCache } from './webhook-cache.js';

/** The delivery job options, for callers of the runtime export (the throughput bench). */
export { deliveryJobOptions } from './queue-workers.js';

export interface WebhookRuntime {
  store: Store;
  metrics: WorkerMetrics;
  health: HealthServer;
  /** Stop taking jobs, let the ones in flight finish, close every connection. */
  close(): Promise<void>;
}

/** The HTTP side of a delivery: breakers, slots, per-endpoint limits, and the metrics of it all. */
function buildAttempts(settings: WorkerSettings, store: Store, traffic: TrafficCounter) {
  const breakers = new CircuitBreakers({
    failureThreshold: settings.WEBHOOK_BREAKER_FAILURES,
    cooldownMs: settings.WEBHOOK_BREAKER_COOLDOWN_MS,
    onChange: (endpoint, change) =>
      void (change.open
        ? traffic.breakerOpened(endpoint, change.openUntil, change.failures)
        : traffic.breakerClosed(endpoint)),
  });
  const metrics = createWorkerMetrics({
    deadLetters: () => store.deliveries.countDead(),
    openBreakers: () => breakers.openCount(),
  });
  const http = createHttpDeliverer({
    timeoutMs: settings.WEBHOOK_TIMEOUT_MS,
    allowPrivate: settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
    allowedPorts: settings.WEBHOOK_ALLOWED_PORTS,
  });
  const attempt = createAttempter({
    http,
    breakers,
    limiter: new EndpointLimiter(settings.WEBHOOK_ENDPOINT_CONCURRENCY),
    slots: new DeliverySlots(settings.WEBHOOK_CONCURRENCY),
    metrics,
    payload: settings.PUBLIC_BASE_URL ? { publicBaseUrl: settings.PUBLIC_BASE_URL } : {},
    traffic,
  });
  return { metrics, http, attempt };
}

/** The deliveries queue the fan-out hands jobs to (batched, with completed jobs kept for retries). */
function buildDeliveryJobs(redis: Redis, connection: ConnectionOptions) {
  const queue = new Queue(WEBHOOK_DELIVERIES_QUEUE, {
    prefix: queuePrefix(WEBHOOK_DELIVERIES_QUEUE),
    connection,
  });
  const retention = catalogue.delivery.options.removeOnComplete;
  const jobs = createDeliveryJobs(queue, redis, {
    keepCompleted: { count: retention.count, ageSeconds: retention.age },
  });
  return { queue, jobs };
}

/** Builds and starts everything a webhook-worker process runs; main only wires signals to it. */
export async function startWebhookRuntime(settings: WorkerSettings, logger: Logger): Promise<WebhookRuntime> {
  const store = await createStore({
    url: settings.MONGODB_URL,
    dbName: settings.MONGODB_DB,
    onMonitorRestart: (address, stuckForMs) =>
      logger.warn({ address, stuckForMs }, 'MongoDB server check hung; restarted it'),
  });
  const target = redisTarget(settings);
  const redis = await connectRedis(target, 'request');
  const connection = bullConnection(target, 'blocking');
  const traffic = new TrafficCounter(redis, {
    onError: (error) => logger.warn({ err: error }, 'traffic counts not written'),
  });
  const { metrics, http, attempt } = buildAttempts(settings, store, traffic);
  const deliveries = buildDeliveryJobs(redis, connection);
  const parts = {
    settings,
    logger,
    connection,
    store,
    metrics,
    attempt,
    webhooks: new WebhookCache(store.webhooks),
    writers: createDeliveryWriters(store.deliveries),
    deliveryJobs: deliveries.jobs,
  };
  const workers = [startEventsWorker(parts), startDeliveryWorker(parts)];
  const interest = startInterestRefresh(redis, store, logger);
  // Built before the process reports healthy, so a started stack already skips unwanted jobs.
  await interest.first;
  const health = await startHealthServer({
    port: settings.HEALTH_PORT,
    host: settings.HEALTH_HOST,
    registry: metrics.registry,
    checks: { redis: async () => (await redis.ping()) === 'PONG', mongodb: () => store.ping() },
  });
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));
  logger.info({ healthPort: health.port }, 'webhook worker started');

  let closing: Promise<void> | undefined;
  const close = async () => {
    interest.stop();
    await Promise.all(workers.map((worker) => worker.close()));
    await deliveries.jobs.idle();
    await traffic.flush();
    await Promise.all([deliveries.queue.close(), http.close(), health.close()]);
    redis.disconnect();
    await store.close();
  };
  return {
    store,
    metrics,
    health,
    close: () => {
      closing ??= close();
      return closing;
    },
  };
}
