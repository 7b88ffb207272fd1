import type { Redis } from 'ioredis';

/** One number's answer as the cache keeps it. */
export interface CachedCheck {
  exists: boolean;
  jid?: string;
}

// Keys of one account share a hash tag, so one MGET reads them on a Redis Cluster too.
const checkKey = (accountId: string, jid: string) => `wc:contact-check:{${accountId}}:${jid}`;
const profileKey = (accountId: string, jid: string) => `wc:contact-profile:{${accountId}}:${jid}`;

/**
 * Per-account caches of WhatsApp look-ups in Redis, shared by every gateway: number checks and
 * contact profiles. A cache of 0 ms is off (nothing is read or written).
 */
export function createContactCache(redis: Redis, ttl: { checkMs: number; profileMs: number }) {
  return {
    /** Cached answers in the order of `jids` (undefined for a miss), in one round trip. */
    async readChecks(accountId: string, jids: readonly string[]): Promise<(CachedCheck | undefined)[]> {
      if (ttl.checkMs === 0 || jids.length === 0) return jids.map(() => undefined);
      const values = await redis.mget(...jids.map((jid) => checkKey(accountId, jid)));
      return values.map((value) => (value ? (JSON.parse(value) as CachedCheck) : undefined));
    },

    async writeChecks(accountId: string, answers: ReadonlyMap<string, CachedCheck>): Promise<void> {
      if (ttl.checkMs === 0 || answers.size === 0) return;
      const pipeline = redis.pipeline();
      for (const [jid, answer] of answers)
        pipeline.set(checkKey(accountId, jid), JSON.stringify(answer), 'PX', ttl.checkMs);
      await pipeline.exec();
    },

    async readProfile<T>(accountId: string, jid: string): Promise<T | undefined> {
      if (ttl.profileMs === 0) return undefined;
      const value = await redis.get(profileKey(accountId, jid));
      return value ? (JSON.parse(value) as T) : undefined;
    },

    async writeProfile(accountId: string, jid: string, profile: unknown): Promise<void> {
      if (ttl.profileMs === 0) return;
      await redis.set(profileKey(accountId, jid), JSON.stringify(profile), 'PX', ttl.profileMs);
    },
  };
}

export type ContactCache = ReturnType<typeof createContactCache>;
