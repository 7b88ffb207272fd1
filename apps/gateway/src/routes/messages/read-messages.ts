import { queueFor, sendJobSchema, shardOf } from '@wildcat/jobs';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { HttpError } from '../../errors/http-error.js';
import { messageView, pendingMessageView } from '../../services/message-view.js';
import { requireAccount } from '../../services/require-account.js';
import { getMessageSchema, listMessagesSchema } from './schema.js';

/** GET /accounts/:accountId/messages/:messageId and the original server's GET /messages. */
export default async function readMessageRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { store, queues, config } = fastify;

  app.get('/accounts/:accountId/messages/:messageId', { schema: getMessageSchema }, async (request) => {
    const { accountId, messageId } = request.params;
    await requireAccount(store, accountId);
    const doc = await store.messages.get(accountId, messageId);
    if (doc) return { ok: true as const, message: messageView(doc) };
    // Not recorded yet: an outbound message still in its send job (queued) or one that failed.
    const queue = queues.get(queueFor.send(shardOf(accountId, config.SHARDS)));
    // State before data: a job read first and failing before its state was asked showed
    // `failed` without the failedReason its hash had not held yet (seen under load in CI).
    const failed = (await queue.getJobState(messageId)) === 'failed';
    const job = await queue.getJob(messageId);
    const payload = job ? sendJobSchema.safeParse(job.data) : undefined;
    if (!job || !payload?.success || payload.data.accountId !== accountId) {
      throw new HttpError(404, 'Message not found');
    }
    const account = await store.accounts.get(accountId);
    return {
      ok: true as const,
      message: pendingMessageView(
        payload.data,
        failed ? 'failed' : 'queued',
        account?.jid,
        failed ? job.failedReason : undefined,
      ),
    };
  });

  app.get('/messages', { schema: listMessagesSchema, config: { access: 'query' } }, async (request) => {
    const { accountId, limit, skip } = request.query;
    // Without an accountId: across accounts, as the original server listed them.
    const { messages, total } = accountId
      ? await store.messages.listByAccount(accountId, { limit, skip })
      : await store.messages.listAll({ limit, skip });
    return {
      ok: true as const,
      messages: messages.map((doc) => messageView(doc, true)),
      pagination: { skip, limit, total, hasMore: skip + messages.length < total },
    };
  });
}
