import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { HttpError } from '../../errors/http-error.js';
import { assertAccountScope } from '../../services/account-scope.js';
import { subscribeAccountWebhook } from '../../services/account-webhook-subscribe.js';
import { assertAccountExists } from '../../services/answer-send.js';
import { assertWebhookUrlAllowed, webhookUrlPolicy } from '../../services/webhook-url-policy.js';
import {
  createAccountWebhookSchema,
  deleteAccountWebhookSchema,
  listAccountWebhooksSchema,
} from './account-webhook-schema.js';
import { accountWebhookView } from './webhook-views.js';

const NOT_FOUND = 'Webhook not found';

/**
 * Per-account subscriptions: POST/GET /accounts/:accountId/webhooks and DELETE …/webhooks/:id.
 * They receive the event envelope `{id,type,accountId,timestamp,data}` of the chosen event types
 * (all when `events` is omitted). The secret is returned by the creating call only. Posting the
 * same URL again with the same settings answers 200 with the existing subscription; with other
 * settings, or after a 410 disabled it, the subscription is replaced (a new id).
 */
export default async function accountWebhookRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { store } = fastify;
  const urlPolicy = webhookUrlPolicy(fastify);

  app.post(
    '/accounts/:accountId/webhooks',
    { schema: createAccountWebhookSchema },
    async (request, reply) => {
      const { accountId } = request.params;
      assertAccountScope(request, accountId);
      await assertAccountExists(fastify, accountId);
      await assertWebhookUrlAllowed(request, request.body.url, urlPolicy);
      const { webhook, created } = await subscribeAccountWebhook(fastify, accountId, request.body);
      if (!created)
        return { ok: true as const, created: false as const, webhook: accountWebhookView(webhook) };
      reply.code(201);
      return {
        ok: true as const,
        created: true as const,
        webhook: accountWebhookView(webhook),
        ...(webhook.secret ? { secret: webhook.secret } : {}),
      };
    },
  );

  app.get('/accounts/:accountId/webhooks', { schema: listAccountWebhooksSchema }, async (request) => {
    const { accountId } = request.params;
    assertAccountScope(request, accountId);
    await assertAccountExists(fastify, accountId);
    const hooks = await store.webhooks.list({ accountId });
    return { ok: true as const, webhooks: hooks.map(accountWebhookView) };
  });

  app.delete('/accounts/:accountId/webhooks/:id', { schema: deleteAccountWebhookSchema }, async (request) => {
    const { accountId, id } = request.params;
    assertAccountScope(request, accountId);
    const hook = await store.webhooks.get(id);
    if (!hook || hook.accountId !== accountId || !(await store.webhooks.remove(id))) {
      throw new HttpError(404, NOT_FOUND);
    }
    await store.deliveries.deleteByWebhooks([id]);
    return { ok: true as const, message: 'Webhook deleted' };
  });
}
