import type { FastifyInstance } from 'fastify';
import { HttpError } from '../errors/http-error.js';

export const QUOTED_MESSAGE_NOT_FOUND = 'Message not found';

/**
 * 404 before anything is uploaded or enqueued when the quoted message is not among this account's
 * stored messages: the original answered so, and WhatsApp would show a reply to nothing.
 */
export async function assertQuotedMessageExists(
  fastify: FastifyInstance,
  accountId: string,
  quotedMessageId: string | undefined,
): Promise<void> {
  if (quotedMessageId === undefined) return;
  if (!(await fastify.store.messages.get(accountId, quotedMessageId))) {
    throw new HttpError(404, QUOTED_MESSAGE_NOT_FOUND);
  }
}
