import { z } from 'zod';
import { countQuery, errors, okFlag } from '../common-schema.js';

export const deliveryView = z
  .object({
    id: z.string(),
    webhookId: z.string(),
    eventId: z.string(),
    eventType: z.string(),
    accountId: z.string(),
    status: z.enum(['pending', 'delivered', 'retrying', 'dead', 'skipped']),
    attempts: z.number(),
    lastStatusCode: z.number().optional(),
    lastError: z.string().optional(),
    deadLettered: z.boolean(),
    createdAt: z.string().describe('ISO 8601'),
    updatedAt: z.string().describe('ISO 8601'),
    deliveredAt: z.string().optional().describe('ISO 8601'),
  })
  .meta({ id: 'WebhookDelivery' });

const webhookIdParam = z.string().max(64, { error: 'Webhook not found' });

export const listDeliveriesSchema = {
  tags: ['webhooks'],
  summary: 'Deliveries of one subscription, newest first (status, attempts, last error)',
  params: z.object({ id: webhookIdParam }),
  querystring: z
    .object({
      limit: countQuery('limit', 1).default(50),
      skip: countQuery('skip').optional(),
    })
    .transform(({ limit, skip }) => ({ limit: Math.min(limit, 500), skip: skip ?? 0 })),
  response: {
    200: z.object({ ok: okFlag, deliveries: z.array(deliveryView) }),
    ...errors(400, 401, 403, 404, 503),
  },
};

export const retryDeliverySchema = {
  tags: ['webhooks'],
  summary: 'Deliver a dead (or delivered) event again, with a fresh set of attempts',
  params: z.object({
    id: webhookIdParam,
    deliveryId: z.string().max(400, { error: 'Delivery not found' }),
  }),
  response: {
    202: z.object({ ok: okFlag, delivery: deliveryView }),
    ...errors(401, 403, 404, 409, 503),
  },
};
