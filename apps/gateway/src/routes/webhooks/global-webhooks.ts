import { withWebhookInterest } from '@wildcat/redis-bus';
import { type WebhookDoc, wantedEventTypes } from '@wildcat/store';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { HttpError } from '../../errors/http-error.js';
import { assertWebhookUrlAllowed, webhookUrlPolicy } from '../../services/webhook-url-policy.js';
import { createWebhookSchema, deleteWebhookSchema, listWebhooksSchema } from './schema.js';

function webhookView(hook: WebhookDoc) {
  return {
    id: hook._id.toHexString(),
    url: hook.url,
    accountId: hook.accountId,
    events: hook.events,
    format: hook.format,
    enabled: hook.enabled,
    // Only when set: the reference's shape stays exactly as it was for unsigned subscriptions.
    ...(hook.secret ? { hasSecret: true } : {}),
    createdAt: hook.createdAt.toISOString(),
  };
}

/** The reference's global subscriptions: POST /webhooks {url}, plus GET and DELETE. */
export default async function globalWebhookRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { store } = fastify;
  const urlPolicy = webhookUrlPolicy(fastify);

  app.post('/webhooks', { schema: createWebhookSchema }, async (request, reply) => {
    const { url, secret } = request.body;
    await assertWebhookUrlAllowed(request, url, urlPolicy);
    const input = { accountId: null, url, format: 'seed' as const, ...(secret ? { secret } : {}) };
    // Registered around the write, so its events are queued for it from the answer on.
    const interest = { accountId: null, types: wantedEventTypes({ events: null, format: input.format }) };
    const { webhook, created } = await withWebhookInterest(fastify.redis, interest, async () => {
      const found = await store.webhooks.createOrGet(input);
      // A repeat POST without a secret (an older client registering at start-up) keeps the stored
      // one; a different secret replaces the subscription (a new id), as per-account ones do.
      if (found.created || secret === undefined || found.webhook.secret === secret) return found;
      await store.webhooks.remove(found.webhook._id.toHexString());
      return store.webhooks.createOrGet(input);
    });
    const answer = {
      ok: true as const,
      url,
      id: webhook._id.toHexString(),
      ...(webhook.secret ? { hasSecret: true } : {}),
    };
    if (created) {
      reply.code(201);
      return { ...answer, created: true as const };
    }
    return { ...answer, created: false as const };
  });

  app.get('/webhooks', { schema: listWebhooksSchema }, async () => {
    const hooks = await store.webhooks.list({ accountId: null });
    return { ok: true as const, webhooks: hooks.map(webhookView) };
  });

  app.delete('/webhooks/:id', { schema: deleteWebhookSchema }, async (request) => {
    const hook = await store.webhooks.get(request.params.id);
    if (!hook || hook.accountId !== null || !(await store.webhooks.remove(request.params.id))) {
      throw new HttpError(404, 'Webhook not found');
    }
    return { ok: true as const, message: 'Webhook deleted' };
  });
}
