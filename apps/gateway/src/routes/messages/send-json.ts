import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { answerSend, assertAccountExists } from '../../services/answer-send.js';
import { assertQuotedMessageExists } from '../../services/quoted-message.js';
import { deleteSchema, reactSchema, replySchema, sendTextSchema } from './send-schema.js';

/** Text, reply, react and delete: validated JSON → one send job → the worker's answer. */
export default async function jsonSendRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { sends } = fastify;

  app.post('/accounts/:accountId/message/send', { schema: sendTextSchema }, async (request, reply) => {
    const { accountId } = request.params;
    const { to, message, mentions } = request.body;
    await assertAccountExists(fastify, accountId);
    const ticket = await sends.open(accountId, request.headers['idempotency-key']);
    const outcome = await sends.dispatch(
      ticket,
      { kind: 'text', to, text: message, ...(mentions?.length ? { mentions } : {}) },
      { wait: request.query.wait },
    );
    return answerSend(fastify, reply, 'text', outcome, (messageId) => ({ ok: true as const, messageId }));
  });

  app.post('/accounts/:accountId/message/reply', { schema: replySchema }, async (request, reply) => {
    const { accountId } = request.params;
    const { to, message, quotedMessageId, mentions } = request.body;
    await assertAccountExists(fastify, accountId);
    await assertQuotedMessageExists(fastify, accountId, quotedMessageId);
    const ticket = await sends.open(accountId, request.headers['idempotency-key']);
    const outcome = await sends.dispatch(
      ticket,
      { kind: 'reply', to, text: message, quotedMessageId, ...(mentions?.length ? { mentions } : {}) },
      { wait: request.query.wait },
    );
    return answerSend(fastify, reply, 'reply', outcome, (messageId) => ({ ok: true as const, messageId }));
  });

  app.post('/accounts/:accountId/message/react', { schema: reactSchema }, async (request, reply) => {
    const { accountId } = request.params;
    const { to, messageId: targetMessageId, emoji } = request.body;
    await assertAccountExists(fastify, accountId);
    const ticket = await sends.open(accountId, request.headers['idempotency-key']);
    const outcome = await sends.dispatch(
      ticket,
      { kind: 'react', to, targetMessageId, emoji },
      { wait: request.query.wait },
    );
    return answerSend(fastify, reply, 'react', outcome, (messageId) => ({
      ok: true as const,
      message: 'Reaction sent' as const,
      messageId,
    }));
  });

  app.post('/accounts/:accountId/message/delete', { schema: deleteSchema }, async (request, reply) => {
    const { accountId } = request.params;
    const { to, messageId: targetMessageId } = request.body;
    await assertAccountExists(fastify, accountId);
    const ticket = await sends.open(accountId, request.headers['idempotency-key']);
    const outcome = await sends.dispatch(
      ticket,
      { kind: 'delete', to, targetMessageId },
      { wait: request.query.wait },
    );
    return answerSend(fastify, reply, 'delete', outcome, (messageId) => ({
      ok: true as const,
      message: 'Message deleted' as const,
      messageId,
    }));
  });
}
