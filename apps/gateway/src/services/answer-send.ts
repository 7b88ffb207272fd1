import type { FastifyInstance, FastifyReply } from 'fastify';
import { HttpError } from '../errors/http-error.js';
import { jobFailure } from './job-failure.js';
import { ACCOUNT_NOT_FOUND } from './require-account.js';
import type { SendOutcome } from './send-service.js';

export const SEND_TIMEOUT_MESSAGE = 'Timed out waiting for the message to be sent';

/** 404 before anything is uploaded or enqueued when the account does not exist. */
export async function assertAccountExists(fastify: FastifyInstance, accountId: string): Promise<void> {
  if (!(await fastify.accountDirectory.exists(accountId))) throw new HttpError(404, ACCOUNT_NOT_FOUND);
}

/**
 * The client's view of a send: 200 with the route's body once the worker sent it, 202 when not
 * waiting, 504 with the messageId on timeout (poll the message), else the worker's failure.
 */
export function answerSend<T extends object>(
  fastify: FastifyInstance,
  reply: FastifyReply,
  kind: string,
  outcome: SendOutcome,
  sent: (messageId: string) => T,
): T | { ok: true; messageId: string; status: 'queued' } {
  const count = (result: string) => fastify.metrics.sends.labels(kind, result).inc();
  if (outcome.duplicate) count('duplicate');
  if (outcome.kind === 'queued') {
    count('queued');
    reply.code(202);
    return { ok: true, messageId: outcome.messageId, status: 'queued' };
  }
  if (outcome.kind === 'timeout') {
    count('timeout');
    throw new HttpError(504, SEND_TIMEOUT_MESSAGE, { messageId: outcome.messageId });
  }
  if (!outcome.result.ok) {
    count('failed');
    throw jobFailure(outcome.result);
  }
  count('sent');
  return sent(outcome.messageId);
}
