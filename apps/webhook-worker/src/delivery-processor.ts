import { catalogue, deliveryJobId } from '@wildcat/jobs';
import type { DeliveriesRepository } from '@wildcat/store';
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import type { CircuitBreakers, EndpointOutcome } from './circuit-breakers.js';
import { buildDeliveryRequest } from './delivery-request.js';
import type { EndpointLimiter } from './endpoint-limiter.js';
import type { HttpDeliverer } from './http-deliverer.js';
import { responseClass, type WorkerMetrics } from './metrics.js';
import { RetryAfterError } from './retry-after-error.js';
import { judge, type Verdict } from './verdict.js';
import type { WebhookCache } from './webhook-cache.js';

export interface DeliveryDeps {
  deliveries: Pick<DeliveriesRepository, 'recordAttempt'>;
  webhooks: Pick<WebhookCache, 'get' | 'disable'>;
  http: Pick<HttpDeliverer, 'post'>;
  breakers: Pick<CircuitBreakers, 'acquire' | 'release'>;
  limiter: Pick<EndpointLimiter, 'tryAcquire'>;
  metrics: Pick<WorkerMetrics, 'delivery' | 'latency'>;
  logger: Pick<Logger, 'info' | 'warn'>;
  random?: () => number;
}

type DeliveryJobHandle = Pick<Job, 'id' | 'data' | 'attemptsMade' | 'opts' | 'moveToDelayed'>;

function breakerOutcome(verdict: Verdict): EndpointOutcome {
  if (verdict.kind === 'delivered') return 'success';
  if (verdict.kind === 'retry' && verdict.endpointFault) return 'failure';
  return 'neutral';
}

/**
 * The webhook-deliveries processor. Every attempt is recorded; a retryable failure throws so
 * BullMQ retries it with the custom backoff (Retry-After wins when given); a final one throws
 * UnrecoverableError so the failed job is kept as the dead letter next to the store record.
 * While an endpoint's breaker is open, or its slots are full, the job is moved back to delayed
 * without spending an attempt or holding a worker slot.
 */
export function createDeliveryProcessor(deps: DeliveryDeps) {
  const random = deps.random ?? Math.random;

  async function reschedule(job: DeliveryJobHandle, token: string | undefined, delayMs: number) {
    deps.metrics.delivery('rescheduled');
    await job.moveToDelayed(Date.now() + Math.round(delayMs), token);
    throw new DelayedError();
  }

  return async (job: DeliveryJobHandle, token?: string): Promise<void> => {
    const { event, webhookId } = catalogue.delivery.schema.parse(job.data);
    const id = job.id ?? deliveryJobId(event.id, webhookId);
    const webhook = await deps.webhooks.get(webhookId);
    if (!webhook?.enabled) {
      deps.metrics.delivery('skipped');
      if (webhook)
        await deps.deliveries.recordAttempt(id, { status: 'skipped', error: 'subscription is disabled' });
      return;
    }

    const endpoint = new URL(webhook.url).origin;
    const gate = deps.breakers.acquire(endpoint);
    // Spread the rescheduled jobs over a second so they do not all return at the same instant.
    if (!gate.allowed) return reschedule(job, token, gate.retryInMs + random() * 1_000);
    const slot = deps.limiter.tryAcquire(endpoint);
    const release = slot instanceof Promise ? await slot : slot;
    if (!release) {
      if (gate.probe) deps.breakers.release(endpoint, 'neutral', true);
      return reschedule(job, token, 250 + random() * 750);
    }

    let verdict: Verdict;
    try {
      const request = buildDeliveryRequest(webhook, event, { deliveryId: id, attempt: job.attemptsMade + 1 });
      const result = await deps.http.post(request);
      verdict = judge(result);
      deps.metrics.latency(
        responseClass(result.kind === 'response' ? result.statusCode : undefined),
        result.durationMs / 1000,
      );
    } finally {
      release();
    }
    deps.breakers.release(endpoint, breakerOutcome(verdict), gate.probe);

    if (verdict.kind === 'delivered') {
      await deps.deliveries.recordAttempt(id, { status: 'delivered', statusCode: verdict.statusCode });
      deps.metrics.delivery('delivered');
      return;
    }
    if (verdict.kind === 'gone') {
      await deps.deliveries.recordAttempt(id, {
        status: 'dead',
        statusCode: verdict.statusCode,
        error: `${verdict.error} (subscription disabled)`,
      });
      await deps.webhooks.disable(webhookId, 'endpoint answered 410 Gone');
      deps.metrics.delivery('gone');
      deps.logger.info({ webhookId, endpoint }, 'subscription disabled after 410 Gone');
      throw new UnrecoverableError(verdict.error);
    }
    if (verdict.kind === 'rejected') {
      await deps.deliveries.recordAttempt(id, {
        status: 'dead',
        statusCode: verdict.statusCode,
        error: verdict.error,
      });
      deps.metrics.delivery('rejected');
      throw new UnrecoverableError(verdict.error);
    }

    const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    await deps.deliveries.recordAttempt(id, {
      status: last ? 'dead' : 'retrying',
      statusCode: verdict.statusCode,
      error: verdict.error,
    });
    deps.metrics.delivery(last ? 'dead' : 'retry');
    if (last) {
      deps.logger.warn(
        { webhookId, endpoint, deliveryId: id, error: verdict.error },
        'delivery dead-lettered',
      );
      throw new UnrecoverableError(verdict.error);
    }
    if (verdict.retryAfterMs !== undefined) throw new RetryAfterError(verdict.error, verdict.retryAfterMs);
    throw new Error(verdict.error);
  };
}
