import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { editableMessage, forwardableMessage } from '../../services/action-targets.js';
import { answerSend, assertAccountExists } from '../../services/answer-send.js';
import { editSchema, forwardSchema } from './message-actions-schema.js';

/** Edit and forward: checked against the store, then one send job each on the account's shard. */
export default async function messageActionRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { sends, store } = fastify;

  app.post('/accounts/:accountId/message/edit', { schema: editSchema }, async (request, reply) => {
    const { accountId } = request.params;
    const { messageId: targetMessageId, text } = request.body;
    await assertAccountExists(fastify, accountId);
    const target = await editableMessage(store, accountId, targetMessageId);
    const ticket = await sends.open(accountId, request.headers['idempotency-key']);
    const outcome = await sends.dispatch(
      ticket,
      { kind: 'edit', to: target.chatId, targetMessageId, text },
      { wait: request.query.wait },
    );
    return answerSend(fastify, reply, 'edit', outcome, (messageId) => ({
      ok: true as const,
      message: 'Message edited' as const,
      messageId,
      editedMessageId: targetMessageId,
    }));
  });

  app.post('/accounts/:accountId/message/forward', { schema: forwardSchema }, async (request, reply) => {
    const { accountId } = request.params;
    const { messageId: sourceMessageId, to } = request.body;
    await assertAccountExists(fastify, accountId);
    await forwardableMessage(store, accountId, sourceMessageId);
    const ticket = await sends.open(accountId, request.headers['idempotency-key']);
    const outcome = await sends.dispatch(
      ticket,
      { kind: 'forward', to, sourceMessageId },
      { wait: request.query.wait },
    );
    return answerSend(fastify, reply, 'forward', outcome, (messageId) => ({ ok: true as const, messageId }));
  });
}
