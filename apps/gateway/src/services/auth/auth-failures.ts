import type { Redis } from 'ioredis';

export interface AuthFailureThrottle {
  /** Milliseconds until `address` may try keys again, or 0 when it may now. */
  blockedFor(address: string): Promise<number>;
  /** `address` presented a key that does not exist. */
  record(address: string): Promise<void>;
}

const key = (address: string) => `wc:auth-failures:{${address}}`;

/**
 * Counts wrong keys per client address in Redis, shared by every gateway, and is asked before any
 * key lookup so guessing costs neither MongoDB lookups nor unbounded tries. Addresses this gateway
 * saw no failure from skip the Redis read: the hot path of good keys costs nothing. Redis away:
 * nobody is blocked (the route answers 503 itself if it needs Redis).
 */
export function createAuthFailureThrottle(redis: Redis, max: number, windowMs: number): AuthFailureThrottle {
  const suspects = new Map<string, number>();
  return {
    async blockedFor(address) {
      if (max === 0) return 0;
      const until = suspects.get(address);
      if (until === undefined) return 0;
      if (until < Date.now()) {
        suspects.delete(address);
        return 0;
      }
      try {
        const [[, count], [, ttl]] = (await redis.multi().get(key(address)).pttl(key(address)).exec()) as [
          [unknown, string | null],
          [unknown, number],
        ];
        return Number(count ?? 0) >= max ? Math.max(ttl, 1) : 0;
      } catch {
        return 0;
      }
    },
    async record(address) {
      if (max === 0) return;
      // Bounded: a flood from many addresses clears the map rather than growing it without end.
      if (suspects.size >= 10_000) suspects.clear();
      suspects.set(address, Date.now() + windowMs);
      await redis
        .multi()
        .set(key(address), '0', 'PX', windowMs, 'NX')
        .incr(key(address))
        .exec()
        .catch(() => undefined);
    },
  };
}
