import type { Redis } from 'ioredis';

/** Sorted set of worker ids scored by their last heartbeat (ms). */
export const REGISTRY_KEY = 'wc:workers';

export async function heartbeat(redis: Redis, workerId: string, now = Date.now()): Promise<void> {
  await redis.zadd(REGISTRY_KEY, now, workerId);
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

export async function deregister(redis: Redis, workerId: string): Promise<void> {
  await redis.zrem(REGISTRY_KEY, workerId);
}
