import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { subscribeAccountWebhook } from '../../services/account-webhook-subscribe.js';
import { assertWebhookUrlAllowed, webhookUrlPolicy } from '../../services/webhook-url-policy.js';
import { bulkActionSchema } from './actions-schema.js';

/** Subscriptions written at once: enough to overlap round trips, few enough to leave the pool free. */
const WEBHOOK_PARALLEL = 16;

interface Result {
  accountId: string;
  ok: boolean;
  error?: string;
  webhookId?: string;
  created?: boolean;
}

function failure(accountId: string, error: unknown): Result {
  const text = error instanceof Error ? error.message : String(error);
  return { accountId, ok: false, error: `${text}; retry this account` };
}

/** Runs `task` over `items`, at most `limit` at a time, results in the order of `items`. */
async function inBatches<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>) {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += limit)
    results.push(...(await Promise.all(items.slice(start, start + limit).map(task))));
  return results;
}

/**
 * POST /fleet/accounts/actions: the console's bulk actions, one request for a selection. Admin
 * keys only (no `:accountId`). Each id gets its own result, so one unknown or failing account
 * does not hide what happened to the others.
 */
export default async function fleetActionRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { store, control } = fastify;
  const urlPolicy = webhookUrlPolicy(fastify);

  app.post('/fleet/accounts/actions', { schema: bulkActionSchema }, async (request) => {
    const { action, accountIds, webhook } = request.body;
    // A refused URL is the request's fault, not each account's: 400 before anything changes.
    if (webhook) await assertWebhookUrlAllowed(request, webhook.url, urlPolicy);
    const existing = await store.accounts.existing(accountIds);
    const found = accountIds.filter((id) => existing.has(id));
    const byId = new Map<string, Result>();
    for (const id of accountIds)
      if (!existing.has(id)) byId.set(id, { accountId: id, ok: false, error: 'Account not found' });

    if (action === 'set-webhook' && webhook) {
      const results = await inBatches(found, WEBHOOK_PARALLEL, (accountId) =>
        subscribeAccountWebhook(fastify, accountId, webhook).then(
          ({ webhook: hook, created }): Result => ({
            accountId,
            ok: true,
            webhookId: hook._id.toHexString(),
            created,
          }),
          (error: unknown) => failure(accountId, error),
        ),
      );
      for (const result of results) byId.set(result.accountId, result);
    } else if (action === 'connect' || action === 'disconnect') {
      await store.accounts.setDesiredStates(found, action === 'connect' ? 'connected' : 'disconnected');
      // Concurrent enqueues go to Redis as one addBulk per shard queue (the gateway's add batcher).
      const results = await Promise.all(
        found.map((accountId) =>
          control.enqueue({ accountId, action }).then(
            (): Result => ({ accountId, ok: true }),
            (error: unknown) => failure(accountId, error),
          ),
        ),
      );
      for (const result of results) byId.set(result.accountId, result);
    }
    const results = accountIds.map((id) => byId.get(id) as Result);
    const succeeded = results.filter((result) => result.ok).length;
    return { ok: true as const, action, succeeded, failed: results.length - succeeded, results };
  });
}
