import { catalogue, deliveryJobId } from '@wildcat/jobs';
import type { DeliveriesRepository } from '@wildcat/store';
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import type { Attempter } from './attempt-delivery.js';
import { attemptOutcome } from './attempt-outcome.js';
import type { WorkerMetrics } from './metrics.js';
import { RetryAfterError } from './retry-after-error.js';
import type { WebhookCache } from './webhook-cache.js';

export interface DeliveryDeps {
  deliveries: Pick<DeliveriesRepository, 'recordAttempt' | 'get'>;
  webhooks: Pick<WebhookCache, 'get' | 'disable'>;
  attempt: Attempter;
  metrics: Pick<WorkerMetrics, 'delivery'>;
  logger: Pick<Logger, 'info' | 'warn'>;
}

type DeliveryJobHandle = Pick<Job, 'id' | 'data' | 'attemptsMade' | 'opts' | 'moveToDelayed'>;

/**
 * The webhook-deliveries processor. Every attempt is recorded; a retryable failure throws so
 * BullMQ retries it with the custom backoff (Retry-After wins when given); a final one throws
 * UnrecoverableError so the failed job is kept as the dead letter next to the store record.
 * While an endpoint's breaker is open, or its slots are full, the job is moved back to delayed
 * without spending an attempt or holding a worker slot.
 */
export function createDeliveryProcessor(deps: DeliveryDeps) {
  async function reschedule(job: DeliveryJobHandle, token: string | undefined, delayMs: number) {
    deps.metrics.delivery('rescheduled');
    await job.moveToDelayed(Date.now() + Math.round(delayMs), token);
    throw new DelayedError();
  }

  return async (job: DeliveryJobHandle, token?: string): Promise<void> => {
    const { event, webhookId, deadLetter } = catalogue.delivery.schema.parse(job.data);
    const id = job.id ?? deliveryJobId(event.id, webhookId);
    if (deadLetter) {
      // The fan-out made the final attempt and recorded it dead; this job only becomes the kept
      // dead letter. A manual retry reopens the record first, and then it delivers as any job.
      const record = await deps.deliveries.get(id);
      if (record?.status === 'dead') throw new UnrecoverableError(record.lastError ?? 'dead-lettered');
    }
    const webhook = await deps.webhooks.get(webhookId);
    if (!webhook?.enabled) {
      deps.metrics.delivery('skipped');
      if (webhook)
        await deps.deliveries.recordAttempt(id, { status: 'skipped', error: 'subscription is disabled' });
      return;
    }

    const result = await deps.attempt(webhook, event, {
      deliveryId: id,
      attempt: job.attemptsMade + 1,
      waitForSlot: true,
    });
    if (result.kind === 'blocked') return reschedule(job, token, result.retryInMs);
    const { verdict, endpoint } = result;

    const outcome = attemptOutcome(verdict, job.attemptsMade + 1 >= (job.opts.attempts ?? 1));
    await deps.deliveries.recordAttempt(id, outcome.record);
    deps.metrics.delivery(outcome.metric);
    if (outcome.kind === 'delivered') return;
    const reason = 'error' in verdict ? verdict.error : '';
    if (outcome.disable) {
      await deps.webhooks.disable(webhookId, 'endpoint answered 410 Gone');
      deps.logger.info({ webhookId, endpoint }, 'subscription disabled after 410 Gone');
    }
    if (outcome.kind === 'dead') {
      if (outcome.metric === 'dead')
        deps.logger.warn(
          { webhookId, endpoint, deliveryId: id, error: outcome.record.error },
          'delivery dead-lettered',
        );
      throw new UnrecoverableError(reason);
    }
    if (outcome.retryAfterMs !== undefined) throw new RetryAfterError(reason, outcome.retryAfterMs);
    throw new Error(reason);
  };
}
