import { catalogue, EVENTS_QUEUE, queuePrefix, WEBHOOK_DELIVERIES_QUEUE } from '@wildcat/jobs';
import type { Store } from '@wildcat/store';
import { type ConnectionOptions, type JobsOptions, Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { Attempter } from './attempt-delivery.js';
import { DELIVERY_BACKOFF_TYPE, deliveryBackoffStrategy } from './backoff.js';
import type { DeliveryJobs } from './delivery-jobs.js';
import { createDeliveryProcessor } from './delivery-processor.js';
import type { DeliveryWriters } from './delivery-writers.js';
import { createFanOut } from './fan-out.js';
import type { WorkerMetrics } from './metrics.js';
import type { WorkerSettings } from './settings.js';
import { createSubscriptionMatcher } from './subscription-matcher.js';
import type { WebhookCache } from './webhook-cache.js';

/** Event jobs in flight per delivery slot (see startEventsWorker). */
const EVENT_JOBS_PER_SLOT = 2;

/** What both queue workers are built from. */
export interface QueueWorkerParts {
  settings: WorkerSettings;
  logger: Logger;
  connection: ConnectionOptions;
  store: Store;
  metrics: WorkerMetrics;
  attempt: Attempter;
  webhooks: WebhookCache;
  writers: DeliveryWriters;
  deliveryJobs: DeliveryJobs;
}

export function deliveryJobOptions(settings: Pick<WorkerSettings, 'WEBHOOK_MAX_ATTEMPTS'>): JobsOptions {
  return {
    ...catalogue.delivery.options,
    attempts: settings.WEBHOOK_MAX_ATTEMPTS,
    backoff: { type: DELIVERY_BACKOFF_TYPE },
  };
}

function commonOptions(queue: string, parts: QueueWorkerParts) {
  const lockMs = parts.settings.WEBHOOK_LOCK_MS;
  return {
    prefix: queuePrefix(queue),
    connection: parts.connection,
    lockDuration: lockMs,
    stalledInterval: lockMs,
    // A crash mid-job stalls it once; only a job that keeps killing workers is given up.
    maxStalledCount: 5,
  };
}

function logErrors(worker: Worker, logger: Logger): Worker {
  worker.on('error', (error) => logger.warn({ err: error, queue: worker.name }, 'queue worker error'));
  return worker;
}

/** The events queue: each event is matched to subscriptions, recorded, and attempted once. */
export function startEventsWorker(parts: QueueWorkerParts): Worker {
  const { settings, store, writers, deliveryJobs, webhooks, logger } = parts;
  const matcher = createSubscriptionMatcher(store.webhooks);
  const fanOut = createFanOut({
    webhooks: {
      matching: matcher.matching,
      disable: async (id, reason) => {
        await webhooks.disable(id, reason);
        matcher.forget();
      },
    },
    openDelivery: (input) => writers.opens.add(input),
    recordFirstAttempt: (delivery, record) => writers.firstAttempts.add({ delivery, attempt: record }),
    handOff: deliveryJobs.handOff,
    completed: deliveryJobs.completed,
    attempt: parts.attempt,
    jobOptions: deliveryJobOptions(settings),
    backoff: { baseMs: settings.WEBHOOK_BACKOFF_BASE_MS, maxMs: settings.WEBHOOK_BACKOFF_MAX_MS },
    metrics: parts.metrics,
    logger,
  });
  // Fan-outs make first attempts themselves. The deliveries in flight are capped by the shared
  // slots (WEBHOOK_CONCURRENCY) and endpoint limiter, not by this: the extra jobs are the ones
  // matching subscriptions or writing records before or after their delivery, so the
  // HTTP slots stay busy while those round trips are under way.
  const worker = new Worker(EVENTS_QUEUE, fanOut, {
    ...commonOptions(EVENTS_QUEUE, parts),
    concurrency: settings.WEBHOOK_CONCURRENCY * EVENT_JOBS_PER_SLOT,
  });
  worker.on('failed', (job, error) =>
    logger.warn({ eventId: job?.id, error: error.message }, 'event fan-out failed'),
  );
  return logErrors(worker, logger);
}

/** The deliveries queue: retries, rescheduled attempts and manual retries, with our backoff. */
export function startDeliveryWorker(parts: QueueWorkerParts): Worker {
  const { settings, store, writers } = parts;
  const processor = createDeliveryProcessor({
    deliveries: {
      recordAttempt: (id, record) => writers.attempts.add({ id, attempt: record }),
      get: (id) => store.deliveries.get(id),
    },
    webhooks: parts.webhooks,
    attempt: parts.attempt,
    metrics: parts.metrics,
    logger: parts.logger,
  });
  const worker = new Worker(WEBHOOK_DELIVERIES_QUEUE, processor, {
    ...commonOptions(WEBHOOK_DELIVERIES_QUEUE, parts),
    concurrency: settings.WEBHOOK_CONCURRENCY,
    settings: {
      backoffStrategy: deliveryBackoffStrategy({
        baseMs: settings.WEBHOOK_BACKOFF_BASE_MS,
        maxMs: settings.WEBHOOK_BACKOFF_MAX_MS,
      }),
    },
  });
  return logErrors(worker, parts.logger);
}
