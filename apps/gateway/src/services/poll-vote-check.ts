import type { FastifyInstance } from 'fastify';
import { HttpError } from '../errors/http-error.js';

export const POLL_NOT_FOUND = 'Poll not found: pollMessageId must name a poll this account sent or received';

/**
 * A vote names options of a poll the account holds (404 otherwise): votes travel as hashes of
 * option names, so a name the poll does not have would be counted nowhere.
 */
export async function assertVoteFitsPoll(
  fastify: FastifyInstance,
  accountId: string,
  pollMessageId: string,
  options: readonly string[],
): Promise<void> {
  const stored = await fastify.store.messages.get(accountId, pollMessageId);
  const poll = stored?.type === 'poll' ? stored.poll : undefined;
  if (!poll) throw new HttpError(404, POLL_NOT_FOUND);
  const unknown = options.filter((option) => !poll.options.includes(option));
  if (unknown.length > 0)
    throw new HttpError(
      400,
      `options ${JSON.stringify(unknown)} are not in this poll; it offers ${JSON.stringify(poll.options)}`,
    );
  if (new Set(options).size !== options.length) throw new HttpError(400, 'options must be distinct');
  // WhatsApp: 0 lets a voter pick any number of options.
  if (poll.selectableCount > 0 && options.length > poll.selectableCount)
    throw new HttpError(400, `this poll allows at most ${poll.selectableCount} option(s) per vote`);
}
