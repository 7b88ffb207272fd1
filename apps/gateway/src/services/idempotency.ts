import { createHash } from 'node:crypto';
import { execWithReplicaWait, type ReplicaWait } from '@wildcat/redis-bus';
import type { Redis } from 'ioredis';

export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

export interface IdempotencyStore {
  /**
   * Binds `key` (scoped to the account) to `messageId` unless it is already bound; resolves the
   * bound messageId and whether this call made the binding.
   */
  claim(accountId: string, key: string, messageId: string): Promise<{ messageId: string; fresh: boolean }>;
}

/**
 * Key → messageId in Redis with SET NX and a 24 h TTL; the key itself is hashed, never stored.
 * With a replica wait, a new binding counts only once replicas hold it: a binding lost in a
 * failover would give the client's retry a second messageId, and the message would go out twice.
 */
export function createIdempotencyStore(redis: Redis, replicaWait: ReplicaWait): IdempotencyStore {
  const bind = async (name: string, messageId: string) => {
    if (replicaWait.replicas === 0) return redis.set(name, messageId, 'EX', IDEMPOTENCY_TTL_SECONDS, 'NX');
    const pipeline = redis.pipeline().set(name, messageId, 'EX', IDEMPOTENCY_TTL_SECONDS, 'NX');
    const [[error, set] = [null, null]] = await execWithReplicaWait(pipeline, replicaWait);
    if (error) throw error;
    return set;
  };
  const redisKey = (accountId: string, key: string) =>
    `wc:idem:${accountId}:${createHash('sha256').update(key).digest('hex')}`;
  return {
    async claim(accountId, key, messageId) {
      const name = redisKey(accountId, key);
      // Two tries: the binding can expire between a failed SET NX and the GET.
      for (let attempt = 0; attempt < 2; attempt++) {
        const set = await bind(name, messageId);
        if (set === 'OK') return { messageId, fresh: true };
        const bound = await redis.get(name);
        if (bound) return { messageId: bound, fresh: false };
      }
      return { messageId, fresh: true };
    },
  };
}
