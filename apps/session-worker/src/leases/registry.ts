import { crossSlotPipeline, WORKER_REGISTRY_KEY } from '@wildcat/redis-bus';
import type { Redis } from 'ioredis';

/** Sorted set of worker ids scored by their last heartbeat (ms); the console reads it too. */
export const REGISTRY_KEY = WORKER_REGISTRY_KEY;

/** Which worker a lease token belongs to, so a peer that finds the token dead can deregister it. */
export function tokenOwnerKey(token: string): string {
  return `wc:lease-token:${token}`;
}

export async function heartbeat(
  redis: Redis,
  workerId: string,
  now = Date.now(),
  token?: { value: string; ttlMs: number },
): Promise<void> {
  if (!token) {
    await redis.zadd(REGISTRY_KEY, now, workerId);
    return;
  }
  // Not MULTI: the two keys live in different Cluster slots.
  const replies = await crossSlotPipeline(redis)
    .zadd(REGISTRY_KEY, now, workerId)
    .set(tokenOwnerKey(token.value), workerId, 'PX', token.ttlMs * 3)
    .exec();
  const failed = replies?.find(([error]) => error);
  if (failed) throw failed[0];
}

/** Worker ids with a heartbeat within `ttlMs`; older entries are dropped on the way. */
export async function liveWorkers(redis: Redis, ttlMs: number, now = Date.now()): Promise<string[]> {
  const [, live] = (await redis
    .multi()
    .zremrangebyscore(REGISTRY_KEY, '-inf', now - ttlMs * 3)
    .zrangebyscore(REGISTRY_KEY, now - ttlMs, '+inf')
    .exec()) as [[Error | null, number], [Error | null, string[]]];
  return live[1] ?? [];
}

/**
 * Drops the worker behind a dead lease token from the registry at once: otherwise its last
 * heartbeat keeps it counted for up to a TTL and the survivors' targets stay too low to take
 * its shards.
 */
export async function forgetWorker(redis: Redis, token: string): Promise<void> {
  const workerId = await redis.get(tokenOwnerKey(token));
  if (workerId !== null) await redis.zrem(REGISTRY_KEY, workerId);
  await redis.del(tokenOwnerKey(token));
}

export async function deregister(redis: Redis, workerId: string, token?: string): Promise<void> {
  await redis.zrem(REGISTRY_KEY, workerId);
  if (token) await redis.del(tokenOwnerKey(token));
}
