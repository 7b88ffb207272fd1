import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { answerSend, assertAccountExists } from '../../services/answer-send.js';
import { assertVoteFitsPoll } from '../../services/poll-vote-check.js';
import { assertQuotedMessageExists } from '../../services/quoted-message.js';
import type { SendInput } from '../../services/send-service.js';
import { contactSchema, locationSchema, pollSchema, pollVoteSchema } from './send-structured-schema.js';

/** Location, contact cards, polls and poll votes: validated JSON → one send job → the worker's answer. */
export default async function structuredSendRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { sends } = fastify;
  const sent = (messageId: string) => ({ ok: true as const, messageId });

  async function send(
    accountId: string,
    input: SendInput,
    request: { headers: Record<string, unknown>; query: { wait: boolean } },
  ) {
    const key = request.headers['idempotency-key'];
    const ticket = await sends.open(accountId, typeof key === 'string' ? key : undefined);
    return sends.dispatch(ticket, input, { wait: request.query.wait });
  }

  app.post(
    '/accounts/:accountId/message/send/location',
    { schema: locationSchema },
    async (request, reply) => {
      const { accountId } = request.params;
      const { to, latitude, longitude, name, address, quotedMessageId } = request.body;
      await assertAccountExists(fastify, accountId);
      await assertQuotedMessageExists(fastify, accountId, quotedMessageId);
      const outcome = await send(
        accountId,
        {
          kind: 'location',
          to,
          latitude,
          longitude,
          ...(name ? { name } : {}),
          ...(address ? { address } : {}),
          ...(quotedMessageId ? { quotedMessageId } : {}),
        },
        request,
      );
      return answerSend(fastify, reply, 'location', outcome, sent);
    },
  );

  app.post('/accounts/:accountId/message/send/contact', { schema: contactSchema }, async (request, reply) => {
    const { accountId } = request.params;
    const { to, contacts, quotedMessageId } = request.body;
    await assertAccountExists(fastify, accountId);
    await assertQuotedMessageExists(fastify, accountId, quotedMessageId);
    const outcome = await send(
      accountId,
      { kind: 'contact', to, contacts, ...(quotedMessageId ? { quotedMessageId } : {}) },
      request,
    );
    return answerSend(fastify, reply, 'contact', outcome, sent);
  });

  app.post('/accounts/:accountId/message/send/poll', { schema: pollSchema }, async (request, reply) => {
    const { accountId } = request.params;
    const { to, name, options, selectableCount } = request.body;
    await assertAccountExists(fastify, accountId);
    const outcome = await send(accountId, { kind: 'poll', to, name, options, selectableCount }, request);
    return answerSend(fastify, reply, 'poll', outcome, sent);
  });

  app.post(
    '/accounts/:accountId/message/send/poll-vote',
    { schema: pollVoteSchema },
    async (request, reply) => {
      const { accountId } = request.params;
      const { to, pollMessageId, options } = request.body;
      await assertAccountExists(fastify, accountId);
      await assertVoteFitsPoll(fastify, accountId, pollMessageId, options);
      const outcome = await send(accountId, { kind: 'poll-vote', to, pollMessageId, options }, request);
      return answerSend(fastify, reply, 'poll-vote', outcome, sent);
    },
  );
}
