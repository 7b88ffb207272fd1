import { withWebhookInterest } from '@wildcat/redis-bus';
import { type WebhookDoc, wantedEventTypes } from '@wildcat/store';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { HttpError } from '../../errors/http-error.js';
import { assertAccountScope } from '../../services/account-scope.js';
import { assertAccountExists } from '../../services/answer-send.js';
import { assertWebhookUrlAllowed, webhookUrlPolicy } from '../../services/webhook-url-policy.js';
import {
  createAccountWebhookSchema,
  deleteAccountWebhookSchema,
  listAccountWebhooksSchema,
} from './account-webhook-schema.js';
import { accountWebhookView } from './webhook-views.js';

const NOT_FOUND = 'Webhook not found';

interface Wanted {
  format: WebhookDoc['format'];
  events: string[] | null;
  secret?: string;
  headers?: Record<string, string>;
}

function sameSettings(hook: WebhookDoc, wanted: Wanted): boolean {
  const sorted = (list: string[] | null) => (list ? [...list].sort().join(',') : null);
  const headers = (value?: Record<string, string>) => JSON.stringify(Object.entries(value ?? {}).sort());
  return (
    hook.format === wanted.format &&
    sorted(hook.events) === sorted(wanted.events) &&
    (hook.secret ?? undefined) === wanted.secret &&
    headers(hook.headers) === headers(wanted.headers)
  );
}

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
      const { url, events, secret, headers, format } = request.body;
      await assertWebhookUrlAllowed(request, url, urlPolicy);
      // `flat` is the reference's own payload, which global subscriptions get as format `seed`.
      const wanted: Wanted = {
        format: format === 'flat' ? 'seed' : 'envelope',
        events: events ?? null,
        secret,
        headers,
      };
      const input = { accountId, url, ...wanted };

      // Registered around the write, so its events are queued for it from the answer on.
      const interest = { accountId, types: wantedEventTypes(wanted) };
      const { webhook, created } = await withWebhookInterest(fastify.redis, interest, async () => {
        const found = await store.webhooks.createOrGet(input);
        if (found.created || (found.webhook.enabled && sameSettings(found.webhook, wanted))) return found;
        await store.webhooks.remove(found.webhook._id.toHexString());
        return store.webhooks.createOrGet(input);
      });
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
