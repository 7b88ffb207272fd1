import { WEBHOOK_DELIVERIES_QUEUE } from '@wildcat/jobs';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { HttpError } from '../../errors/http-error.js';
import { assertAccountScope } from '../../services/account-scope.js';
import { deliveryErrorFor } from '../../services/webhook-url-policy.js';
import { listDeliveriesSchema, retryDeliverySchema } from './delivery-schema.js';
import { deliveryView } from './webhook-views.js';

/**
 * GET /webhooks/:id/deliveries (newest first) and POST /webhooks/:id/deliveries/:deliveryId/retry,
 * for global and per-account subscriptions alike. A retry puts the kept BullMQ job (failed, or
 * completed and not yet expired) back with a fresh set of attempts.
 */
export default async function deliveryRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { store } = fastify;

  async function requireWebhook(request: FastifyRequest, id: string) {
    const hook = await store.webhooks.get(id);
    if (!hook) throw new HttpError(404, 'Webhook not found');
    assertAccountScope(request, hook.accountId);
    return hook;
  }

  app.get(
    '/webhooks/:id/deliveries',
    { schema: listDeliveriesSchema, config: { access: 'self' } },
    async (request) => {
      await requireWebhook(request, request.params.id);
      const docs = await store.deliveries.listByWebhook(request.params.id, request.query);
      return {
        ok: true as const,
        deliveries: docs.map((doc) => deliveryView(doc, (error) => deliveryErrorFor(request, error))),
      };
    },
  );

  app.post(
    '/webhooks/:id/deliveries/:deliveryId/retry',
    { schema: retryDeliverySchema, config: { access: 'self' } },
    async (request, reply) => {
      const { id, deliveryId } = request.params;
      const hook = await requireWebhook(request, id);
      const delivery = await store.deliveries.get(deliveryId);
      if (!delivery || delivery.webhookId !== id) throw new HttpError(404, 'Delivery not found');
      if (!hook.enabled) throw new HttpError(409, 'Webhook is disabled; subscribe again to re-enable it');
      const job = await fastify.queues.get(WEBHOOK_DELIVERIES_QUEUE).getJob(deliveryId);
      if (!job) throw new HttpError(409, 'Delivery can no longer be retried: its event has expired');
      const state = await job.getState();
      if (state !== 'failed' && state !== 'completed') throw new HttpError(409, 'Delivery is already queued');
      // Reopen first: the worker's record of the new attempt must land after it, not before.
      await store.deliveries.reopen(deliveryId);
      await job.retry(state, { resetAttemptsMade: true, resetAttemptsStarted: true });
      const reopened = await store.deliveries.get(deliveryId);
      reply.code(202);
      return {
        ok: true as const,
        delivery: deliveryView(reopened ?? delivery, (error) => deliveryErrorFor(request, error)),
      };
    },
  );
}
