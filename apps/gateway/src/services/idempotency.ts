import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

export interface IdempotencyStore {
  /**
   * Binds `key` (scoped to the account) to `messageId` unless it is already bound; resolves the
   * bound messageId and whether this call made the binding.
   */
  claim(accountId: string, key: string, messageId: string): Promise<{ messageId: string; fresh: boolean }>;
}

/** Key → messageId in Redis with SET NX and a 24 h TTL; the key itself is hashed, never stored. */
export function createIdempotencyStore(redis: Redis): IdempotencyStore {
  const redisKey = (accountId: string, key: string) =>
    `wc:idem:${accountId}:${createHash('sha256').update(key).digest('hex')}`;
  return {
    async claim(accountId, key, messageId) {
      const name = redisKey(accountId, key);
      // Two tries: the binding can expire between a failed SET NX and the GET.
      for (let attempt = 0; attempt < 2; attempt++) {
        const set = await redis.set(name, messageId, 'EX', IDEMPOTENCY_TTL_SECONDS, 'NX');
        if (set === 'OK') return { messageId, fresh: true };
        const bound = await redis.get(name);
        if (bound) return { messageId: bound, fresh: false };
      }
      return { messageId, fresh: true };
    },
  };
}
