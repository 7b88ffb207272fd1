import { z } from 'zod';
import { bool, int, list, spec } from './variable-spec.js';

/** Webhook delivery: SSRF guard, retries, timeouts, concurrency and breakers. */
export const webhookDeliveryVariables = {
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: spec(
    bool(false),
    'Allow webhook URLs that resolve to loopback, private, link-local or metadata addresses.',
    'true or false',
    ['gateway', 'webhook-worker'],
  ),
  WEBHOOK_ALLOWED_PORTS: spec(
    list().pipe(
      z.array(
        z
          .string()
          .regex(/^\d{1,5}$/)
          .transform(Number)
          .pipe(z.number().min(1).max(65_535)),
      ),
    ),
    'Comma-separated ports webhook URLs may use (a URL without one uses 80 or 443), checked at subscription and at connect time; empty allows any port.',
    'a comma-separated list of port numbers from 1 to 65535',
    ['gateway', 'webhook-worker'],
  ),
  WEBHOOK_MAX_ATTEMPTS: spec(
    int(10, 1, 100),
    'Delivery attempts before dead-lettering.',
    'an integer from 1 to 100',
    ['webhook-worker'],
  ),
  WEBHOOK_BACKOFF_BASE_MS: spec(
    int(5_000, 1),
    'First retry delay (exponential, full jitter).',
    'milliseconds',
    ['webhook-worker'],
  ),
  WEBHOOK_BACKOFF_MAX_MS: spec(int(600_000, 1), 'Largest retry delay.', 'milliseconds', ['webhook-worker']),
  WEBHOOK_TIMEOUT_MS: spec(
    int(10_000, 100),
    'Connect and response timeout of one delivery.',
    'milliseconds, at least 100',
    ['webhook-worker'],
  ),
  WEBHOOK_CONCURRENCY: spec(
    int(50, 1),
    'Deliveries in flight per webhook-worker process.',
    'a positive integer',
    ['webhook-worker'],
  ),
  WEBHOOK_ENDPOINT_CONCURRENCY: spec(
    int(5, 1),
    'Deliveries in flight per subscription (webhook), so tenants sharing a receiver host never share slots.',
    'a positive integer',
    ['webhook-worker'],
  ),
  WEBHOOK_BREAKER_FAILURES: spec(
    int(5, 1),
    'Consecutive failures (timeouts, connection errors, 5xx) that open a subscription’s circuit breaker.',
    'a positive integer',
    ['webhook-worker'],
  ),
  WEBHOOK_BREAKER_COOLDOWN_MS: spec(
    int(30_000, 100),
    'How long an open breaker reschedules a subscription’s deliveries before one probe is let through.',
    'milliseconds, at least 100',
    ['webhook-worker'],
  ),
  WEBHOOK_LOCK_MS: spec(
    int(30_000, 1_000),
    'Job lock of the webhook worker; a crashed worker’s in-flight jobs run again after about this long.',
    'milliseconds, at least 1000',
    ['webhook-worker'],
  ),
  PUBLIC_BASE_URL: spec(
    z
      .url({ protocol: /^https?$/ })
      .transform((value) => value.replace(/\/+$/, ''))
      .optional(),
    'The gateway’s URL as webhook receivers reach it (may end in a path prefix); the flat message webhook’s mediaUrl is built on it and left out while unset.',
    'an http:// or https:// URL',
    ['webhook-worker'],
  ),
};
