import { eventId } from '@wildcat/jobs';
import { type Store, tallyPollVotes } from '@wildcat/store';
import type { Publish } from '../events/status-events.js';

export interface PollVoteRecord {
  accountId: string;
  chatId: string;
  pollMessageId: string;
  /** The vote's own message id: the event id, so a re-delivered vote publishes nothing new. */
  voteId: string;
  voter: string;
  /** Option names (already decrypted by the engine); empty: the voter withdrew their vote. */
  options: string[];
  timestamp: number;
}

/**
 * Keeps the voter's latest vote, rewrites the poll's tally on the stored poll (what
 * `GET /messages/:id` shows) and publishes `poll.vote` with the names picked and the new tally.
 * A vote older than the one stored for that voter changes nothing and publishes nothing.
 */
export async function recordPollVote(
  deps: { store: Store; publish: Publish },
  vote: PollVoteRecord,
): Promise<void> {
  const { store } = deps;
  const current = await store.pollVotes.record({
    accountId: vote.accountId,
    pollMessageId: vote.pollMessageId,
    voter: vote.voter,
    options: vote.options,
    timestamp: vote.timestamp,
  });
  if (!current) return;
  const stored = await store.messages.get(vote.accountId, vote.pollMessageId);
  let tally: ReturnType<typeof tallyPollVotes> | undefined;
  if (stored?.poll) {
    tally = tallyPollVotes(
      stored.poll.options,
      await store.pollVotes.list(vote.accountId, vote.pollMessageId),
    );
    await store.messages.patch(vote.accountId, vote.pollMessageId, {
      poll: { ...stored.poll, votes: tally },
    });
  }
  await deps.publish({
    id: eventId('poll.vote', vote.accountId, vote.pollMessageId, vote.voteId),
    type: 'poll.vote',
    accountId: vote.accountId,
    timestamp: vote.timestamp,
    data: {
      pollMessageId: vote.pollMessageId,
      chatId: vote.chatId,
      voter: vote.voter,
      selectedOptions: vote.options,
      timestamp: vote.timestamp,
      ...(stored?.poll ? { poll: { name: stored.poll.name, options: stored.poll.options } } : {}),
      ...(tally ? { votes: tally } : {}),
    },
  });
}
