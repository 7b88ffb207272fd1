import { TRAFFIC_SERIES } from '@wildcat/redis-bus';
import { z } from 'zod';
import { errors, okFlag } from '../common-schema.js';

const perSecond = z.array(z.number().int()).describe('One count per second, oldest first');

export const fleetTrafficSchema = {
  tags: ['fleet'],
  summary: 'Traffic per second over the last 15 minutes, and the webhooks failing most',
  description:
    'Counted by the session and webhook workers of every gateway’s fleet into Redis (per second, expiring after the window); no Prometheus server is needed. Refreshed at most every 2 s per gateway.',
  response: {
    200: z.object({
      ok: okFlag,
      start: z.string().describe('ISO 8601 time of the first value of every series'),
      stepSeconds: z.literal(1),
      series: z
        .object(Object.fromEntries(TRAFFIC_SERIES.map((name) => [name, perSecond])))
        .describe(
          'sent: messages sent through the API; received: messages received from others; webhookOk / webhookFailed: delivery attempts that got a 2xx / did not',
        ),
      webhooks: z
        .array(
          z.object({
            webhookId: z.string(),
            accountId: z.string().nullable().describe('null for a global webhook'),
            url: z.string().describe('Origin and path only; the query string is left out'),
            enabled: z.boolean(),
            ok: z.number().int().describe('Attempts that got a 2xx in the last 15 minutes'),
            failed: z.number().int().describe('Attempts that did not'),
            failureRate: z.number().min(0).max(1),
            breaker: z
              .enum(['closed', 'open', 'half-open'])
              .describe(
                'Circuit breaker: open = deliveries held until the cooldown ends; half-open = a probe is due',
              ),
            breakerOpenUntil: z.string().optional().describe('ISO 8601, while open'),
          }),
        )
        .describe('Worst first: open breakers, then failure rate (at most 10)'),
    }),
    ...errors(401, 403, 503),
  },
};
