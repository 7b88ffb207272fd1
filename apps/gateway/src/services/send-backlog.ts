import { type BacklogAdmission, type BacklogEntry, enterSendBacklogs } from '@wildcat/redis-bus';
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

interface Waiting extends BacklogEntry {
  resolve(admission: BacklogAdmission): void;
  reject(error: unknown): void;
}

/**
 * The gateway refuses a send up front rather than queue more than an account can send in a
 * reasonable time: one careless integration cannot pile up unbounded work in Redis.
 *
 * The admissions of one event-loop turn go to Redis as one script call on the next turn: under
 * load one socket write and one round trip for all concurrent sends instead of one each (the
 * write per send was a fifth of the gateway's CPU on `POST send?wait=false`, bench/RESULTS.md).
 */
export function createSendBacklog(deps: SendBacklogDeps): SendBacklog {
  let waiting: Waiting[] = [];

  async function flush(): Promise<void> {
    const batch = waiting;
    waiting = [];
    // Never rejects: a failed call answers its error in each of its sends' places.
    const answers = await enterSendBacklogs(deps.redis, batch, deps.limit);
    for (const [index, entry] of batch.entries()) {
      const answer = answers[index] ?? new Error('no admission answer from Redis');
      if (answer instanceof Error) entry.reject(answer);
      else entry.resolve(answer);
    }
  }

  const admit = (accountId: string, messageId: string) =>
    new Promise<BacklogAdmission>((resolve, reject) => {
      if (waiting.push({ accountId, messageId, resolve, reject }) === 1) setImmediate(() => void flush());
    });

  return {
    async enter(accountId, messageId) {
      if (deps.limit === 0) return;
      const { admitted, size } = await admit(accountId, messageId);
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
