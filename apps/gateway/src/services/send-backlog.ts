import { enterSendBacklog } from '@wildcat/redis-bus';
import type { Redis } from 'ioredis';
import { HttpError } from '../errors/http-error.js';

export interface SendBacklog {
  /** Counts a new send into its account's backlog; 429 with Retry-After when the backlog is full. */
  enter(accountId: string, messageId: string): Promise<void>;
}

export interface SendBacklogDeps {
  redis: Redis;
  /** Unfinished sends one account may have; 0 turns the limit off. */
  limit: number;
  /** The account's send rate: a full backlog frees a place with each send, once a rate interval. */
  ratePerMinute(accountId: string): number;
}

/**
 * The gateway refuses a send up front rather than queue more than an account can send in a
 * reasonable time: one careless integration cannot pile up unbounded work in Redis.
 */
export function createSendBacklog(deps: SendBacklogDeps): SendBacklog {
  return {
    async enter(accountId, messageId) {
      if (deps.limit === 0) return;
      const { admitted, size } = await enterSendBacklog(deps.redis, accountId, messageId, deps.limit);
      if (admitted) return;
      const retryAfter = Math.max(1, Math.ceil(60 / deps.ratePerMinute(accountId)));
      throw new HttpError(
        429,
        `Too many sends waiting for this account (${size} queued); retry in ${retryAfter} s`,
        { backlog: size },
        { 'retry-after': String(retryAfter) },
      );
    },
  };
}
