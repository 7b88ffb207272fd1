import type { Db } from 'mongodb';
import { isDuplicateKey } from './is-duplicate-key.js';
import { COLLECTIONS } from './names.js';

/** One voter's current vote on one poll: the latest they cast replaces the earlier. */
export interface PollVoteDoc {
  accountId: string;
  pollMessageId: string;
  /** The voter's JID (this account's own JID for its own votes). */
  voter: string;
  /** Names of the options picked; empty when the voter withdrew their vote. */
  options: string[];
  /** ms since epoch the vote was cast; an older vote arriving late never replaces a newer one. */
  timestamp: number;
  updatedAt: Date;
}

export type PollVote = Omit<PollVoteDoc, 'updatedAt'>;
export type PollVotesRepository = ReturnType<typeof createPollVotesRepository>;

export function createPollVotesRepository(db: Db) {
  const votes = db.collection<PollVoteDoc>(COLLECTIONS.pollVotes);
  const poll = (accountId: string, pollMessageId: string) => ({
    accountId: { $eq: accountId },
    pollMessageId: { $eq: pollMessageId },
  });

  return {
    /**
     * Keeps `vote` as the voter's current one unless a newer vote is stored; resolves whether it
     * is now the current one. (The unique key turns "a newer one exists" into a duplicate insert.)
     */
    async record(vote: PollVote): Promise<boolean> {
      try {
        await votes.updateOne(
          {
            ...poll(vote.accountId, vote.pollMessageId),
            voter: { $eq: vote.voter },
            timestamp: { $lte: vote.timestamp },
          },
          {
            $set: { options: vote.options, timestamp: vote.timestamp, updatedAt: new Date() },
            $setOnInsert: { accountId: vote.accountId, pollMessageId: vote.pollMessageId, voter: vote.voter },
          },
          { upsert: true },
        );
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },

    /** Every voter's current vote on a poll, oldest first. */
    list(accountId: string, pollMessageId: string): Promise<PollVote[]> {
      return votes
        .find(poll(accountId, pollMessageId), { projection: { _id: 0, updatedAt: 0 } })
        .sort({ timestamp: 1, voter: 1 })
        .toArray();
    },

    async deleteByAccount(accountId: string): Promise<number> {
      return (await votes.deleteMany({ accountId: { $eq: accountId } })).deletedCount;
    },
  };
}

/** A poll's tally from its current votes: one entry per option, in the poll's order. */
export function tallyPollVotes(
  options: readonly string[],
  current: readonly Pick<PollVote, 'voter' | 'options'>[],
): { option: string; count: number; voters: string[] }[] {
  return options.map((option) => {
    const voters = current.filter((vote) => vote.options.includes(option)).map((vote) => vote.voter);
    return { option, count: voters.length, voters };
  });
}
