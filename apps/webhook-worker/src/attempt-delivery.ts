import type { WildcatEvent } from '@wildcat/jobs';
import type { TrafficCounter } from '@wildcat/redis-bus';
import type { WebhookDoc } from '@wildcat/store';
import type { CircuitBreakers, EndpointOutcome } from './circuit-breakers.js';
import { buildDeliveryRequest } from './delivery-request.js';
import type { DeliverySlots } from './delivery-slots.js';
import type { EndpointLimiter, Release } from './endpoint-limiter.js';
import type { HttpDeliverer } from './http-deliverer.js';
import { responseClass, type WorkerMetrics } from './metrics.js';
import type { PayloadOptions } from './payload.js';
import { judge, type Verdict } from './verdict.js';

export interface AttemptDeps {
  http: Pick<HttpDeliverer, 'post'>;
  breakers: Pick<CircuitBreakers, 'acquire' | 'release'>;
  limiter: Pick<EndpointLimiter, 'tryAcquire' | 'tryAcquireNow'>;
  metrics: Pick<WorkerMetrics, 'latency'>;
  /** The process-wide cap on deliveries in flight. */
  slots?: Pick<DeliverySlots, 'acquire'>;
  random?: () => number;
  /** For rendering payloads (the flat payload's mediaUrl). */
  payload?: PayloadOptions;
  /** Counts each attempt (ok = 2xx) for the fleet console's charts and worst webhooks. */
  traffic?: Pick<TrafficCounter, 'webhookAttempt'>;
}

export type AttemptResult =
  /** The breaker is open or the endpoint's slots are full: nothing was sent, no attempt spent. */
  | { kind: 'blocked'; retryInMs: number }
  /** `endpoint` is the URL's origin, for logs; limits and breakers are per subscription. */
  | { kind: 'attempted'; verdict: Verdict; endpoint: string };

type Target = Pick<WebhookDoc, '_id' | 'url' | 'format' | 'secret' | 'headers'>;

export interface AttemptOptions {
  deliveryId: string;
  /** 1-based attempt number, sent as X-Wildcat-Attempt. */
  attempt: number;
  /**
   * Wait for one of the endpoint's waiter places when its slots are full (a delivery job), or
   * answer `blocked` at once (a fan-out, which must not hold an events slot for someone else's
   * slow endpoint).
   */
  waitForSlot: boolean;
}

function breakerOutcome(verdict: Verdict): EndpointOutcome {
  if (verdict.kind === 'delivered') return 'success';
  if (verdict.kind === 'retry' && verdict.endpointFault) return 'failure';
  return 'neutral';
}

/**
 * One attempt at one delivery, behind its subscription's circuit breaker and concurrency limit:
 * the part the delivery jobs and the fan-out's direct deliveries share, so both keep the same
 * guarantees. Both are keyed by the subscription (webhook id), not by the URL's origin: tenants
 * of one shared receiver (a SaaS host) each have their own breaker and slots, so one tenant's
 * failing or slow URL never delays another tenant's deliveries to the same host.
 */
export function createAttempter(deps: AttemptDeps) {
  const random = deps.random ?? Math.random;
  return async (webhook: Target, event: WildcatEvent, options: AttemptOptions): Promise<AttemptResult> => {
    const endpoint = webhook._id.toHexString();
    const slot = deps.slots?.acquire();
    const releaseSlot = slot instanceof Promise ? await slot : slot;
    try {
      return await attemptInSlot(webhook, event, options, endpoint);
    } finally {
      releaseSlot?.();
    }
  };

  async function attemptInSlot(
    webhook: Target,
    event: WildcatEvent,
    options: AttemptOptions,
    endpoint: string,
  ): Promise<AttemptResult> {
    const gate = deps.breakers.acquire(endpoint);
    // Spread the rescheduled jobs over a second so they do not all return at the same instant.
    if (!gate.allowed) return { kind: 'blocked', retryInMs: gate.retryInMs + random() * 1_000 };
    let release: Release | undefined;
    if (options.waitForSlot) {
      const slot = deps.limiter.tryAcquire(endpoint);
      release = slot instanceof Promise ? await slot : slot;
    } else {
      release = deps.limiter.tryAcquireNow(endpoint);
    }
    if (!release) {
      if (gate.probe) deps.breakers.release(endpoint, 'neutral', true);
      return { kind: 'blocked', retryInMs: 250 + random() * 750 };
    }

    let verdict: Verdict;
    try {
      const request = buildDeliveryRequest(
        webhook,
        event,
        { deliveryId: options.deliveryId, attempt: options.attempt },
        deps.payload,
      );
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
    deps.traffic?.webhookAttempt(endpoint, verdict.kind === 'delivered');
    return { kind: 'attempted', verdict, endpoint: new URL(webhook.url).origin };
  }
}

export type Attempter = ReturnType<typeof createAttempter>;
