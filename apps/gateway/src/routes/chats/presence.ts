import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { assertAccountExists } from '../../services/answer-send.js';
import { answerChatAction, dispatchChatAction } from '../../services/chat-action.js';
import { presenceSchema } from './action-schema.js';

/** POST /accounts/:accountId/presence: online/offline or a chat state, through the owning worker. */
export default async function presenceRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post('/accounts/:accountId/presence', { schema: presenceSchema }, async (request, reply) => {
    const { accountId } = request.params;
    const { state, chatId } = request.body;
    await assertAccountExists(fastify, accountId);
    const outcome = await dispatchChatAction(
      fastify,
      { accountId, action: 'presence', state, ...(chatId ? { chatId } : {}) },
      { wait: request.query.wait, idempotencyKey: request.headers['idempotency-key'] },
    );
    return answerChatAction(reply, outcome, () => ({ ok: true as const, state }));
  });
}
