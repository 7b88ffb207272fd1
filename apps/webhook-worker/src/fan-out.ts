import { catalogue, type DeliveryJob, deliveryJobId, type WildcatEvent } from '@wildcat/jobs';
import type { AttemptRecord, NewDelivery, WebhookDoc } from '@wildcat/store';
import type { Job, JobsOptions } from 'bullmq';
import type { Logger } from 'pino';
import type { Attempter } from './attempt-delivery.js';
import { attemptOutcome } from './attempt-outcome.js';
import { fullJitterDelay } from './backoff.js';
import type { CompletedDelivery, DeliveryJobSpec, HandedOffJob } from './delivery-jobs.js';
import type { WorkerMetrics } from './metrics.js';

export interface FanOutDeps {
  webhooks: {
    /** `queuedAt` = the event job's timestamp: only reads started after it may answer. */
    matching(accountId: string, eventType: string, queuedAt: number): Promise<WebhookDoc[]>;
    disable(id: string, reason: string): Promise<void>;
  };
  /** Opens one pending delivery record (batched by the runtime). */
  openDelivery(input: NewDelivery): Promise<void>;
  /** Opens the record with its first attempt in one write (batched by the runtime). */
  recordFirstAttempt(delivery: NewDelivery, attempt: AttemptRecord): Promise<void>;
  /** Queues a delivery job (batched into addBulk by the runtime). */
  handOff(job: HandedOffJob): Promise<void>;
  /** Leaves a delivered delivery's job in the completed set, for manual retries. */
  completed(job: CompletedDelivery): Promise<void>;
  attempt: Attempter;
  /** Delivery job options (attempts, backoff) from the settings. */
  jobOptions: JobsOptions;
  backoff: { baseMs: number; maxMs: number };
  metrics?: Pick<WorkerMetrics, 'fannedOut' | 'delivery'>;
  logger?: Pick<Logger, 'info' | 'warn'>;
}

/** A retry job must not run before its attempt count is written (see delivery-jobs.ts). */
const MIN_RETRY_DELAY_MS = 50;

/**
 * The events-queue processor. Each matching subscription gets its first attempt right here, so a
 * delivery that succeeds costs one queue job (this one), not two; its record is written in one
 * upsert and its job is left completed in the deliveries queue for manual retries. Anything else
 * becomes a delivery job as before: a retry after the backoff (the attempt made here counts), a
 * failed dead letter, or, when the endpoint's breaker is open or its slots are full, a job
 * rescheduled without spending an attempt. Every write is idempotent (upserts; job id = event id +
 * webhook id), and this job completes only after them, so a crash re-runs it: at least once.
 */
export function createFanOut(deps: FanOutDeps) {
  const maxAttempts = deps.jobOptions.attempts ?? 1;

  async function deliver(event: WildcatEvent, hook: WebhookDoc): Promise<void> {
    const webhookId = hook._id.toHexString();
    const id = deliveryJobId(event.id, webhookId);
    const delivery: NewDelivery = {
      _id: id,
      webhookId,
      eventId: event.id,
      eventType: event.type,
      accountId: event.accountId,
    };
    // The event was parsed by the caller and the webhook id comes from MongoDB: no second parse.
    const data: DeliveryJob = { event, webhookId };
    const spec = (extra: { data?: object; delay?: number }): DeliveryJobSpec => ({
      name: catalogue.delivery.jobName,
      data: { ...data, ...extra.data },
      opts: { ...deps.jobOptions, jobId: id, ...(extra.delay ? { delay: Math.round(extra.delay) } : {}) },
    });

    const result = await deps.attempt(hook, event, { deliveryId: id, attempt: 1, waitForSlot: false });
    if (result.kind === 'blocked') {
      deps.metrics?.delivery('rescheduled');
      await deps.openDelivery(delivery);
      await deps.handOff({ spec: spec({ delay: result.retryInMs }), attemptsMade: 0 });
      return;
    }
    const outcome = attemptOutcome(result.verdict, maxAttempts <= 1);
    deps.metrics?.delivery(outcome.metric);
    if (outcome.kind === 'delivered') {
      // Only the record is awaited. The completed job is what a manual re-send of a delivered
      // delivery starts from, a convenience that expires anyway (removeOnComplete); should this
      // process die before it is written, such a re-send answers 409 as for an expired one, and
      // nothing is lost. Not waiting for it takes a round trip out of every delivery.
      deps
        .completed({ spec: spec({}), finishedOn: Date.now() })
        .catch((error: unknown) =>
          deps.logger?.warn({ err: error, deliveryId: id }, 'could not keep the delivered job'),
        );
      await deps.recordFirstAttempt(delivery, outcome.record);
      return;
    }
    // The record goes first: the delivery job updates it, and a dead letter reads it.
    await deps.recordFirstAttempt(delivery, outcome.record);
    if (outcome.disable) {
      await deps.webhooks.disable(webhookId, 'endpoint answered 410 Gone');
      deps.logger?.info({ webhookId, endpoint: result.endpoint }, 'subscription disabled after 410 Gone');
    }
    if (outcome.kind === 'dead') {
      await deps.handOff({ spec: spec({ data: { deadLetter: true } }), attemptsMade: 1 });
      return;
    }
    const delay =
      outcome.retryAfterMs ?? fullJitterDelay(1, { baseMs: deps.backoff.baseMs, maxMs: deps.backoff.maxMs });
    await deps.handOff({ spec: spec({ delay: Math.max(delay, MIN_RETRY_DELAY_MS) }), attemptsMade: 1 });
  }

  return async (job: Pick<Job, 'data' | 'timestamp'>): Promise<number> => {
    const event = catalogue.event.schema.parse(job.data);
    const hooks = await deps.webhooks.matching(event.accountId, event.type, job.timestamp);
    await Promise.all(hooks.map((hook) => deliver(event, hook)));
    deps.metrics?.fannedOut(hooks.length);
    return hooks.length;
  };
}
