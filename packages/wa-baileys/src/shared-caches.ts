import type { CacheStore, UserFacingSocketConfig } from '@whiskeysockets/baileys';

/**
 * One TTL map for every session of the engine, instead of the four NodeCache instances (each
 * with its own stats object and check timer) that makeWASocket creates per socket when the
 * config brings none. Expiry is checked on read and by one unref'd sweep timer per engine.
 */
export class SharedTtlCache {
  private readonly entries = new Map<string, { value: unknown; expires: number }>();
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly ttlMs: number,
    private readonly sweepMs = 60_000,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get<T>(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value as T;
  }

  set(key: string, value: unknown): void {
    this.entries.set(key, { value, expires: Date.now() + this.ttlMs });
    // the timer exists only while there is something to expire, so an idle engine holds none
    this.sweeper ??= setInterval(() => this.sweep(), this.sweepMs).unref();
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  deletePrefix(prefix: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, entry] of this.entries) if (entry.expires <= now) this.entries.delete(key);
    if (this.entries.size === 0) {
      clearInterval(this.sweeper);
      this.sweeper = undefined;
    }
  }

  close(): void {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
    this.entries.clear();
  }
}

/**
 * A session's view of a shared cache: its keys get the account id as prefix. Needed for
 * correctness, not just tidiness: two accounts of one worker see the same message ids (A sends
 * to B, or both are in a group), and Baileys keys these caches by message id
 * (`placeholderResendCache`, `msgRetryCounterCache` as `id:participant`) or call id
 * (`callOfferCache`); unscoped, one account's retry count or resend mark would suppress the
 * other's. The scope is per socket, not per account, so a socket that ends late cannot wipe
 * its successor's entries. No `close`: Baileys closes only caches it created itself.
 */
export function scopedCache(cache: SharedTtlCache, scope: string): CacheStore {
  const prefix = `${scope}\u0000`;
  return {
    get: <T>(key: string) => cache.get<T>(prefix + key),
    set: (key, value) => cache.set(prefix + key, value),
    del: (key) => cache.delete(prefix + key),
    flushAll: () => cache.deletePrefix(prefix),
  };
}

// Baileys' DEFAULT_CACHE_TTLS, so shared entries live as long as per-socket ones would.
const MINUTE = 60_000;

export interface SessionCaches {
  config: Pick<
    UserFacingSocketConfig,
    'msgRetryCounterCache' | 'callOfferCache' | 'placeholderResendCache' | 'userDevicesCache'
  >;
  /** Drops the session's entries when its socket ends (they would otherwise wait for the TTL). */
  release(): void;
}

export interface EngineCaches {
  /** `scope` is unique per socket: a reconnected account starts empty, as with its own caches. */
  forSession(scope: string): SessionCaches;
  close(): void;
}

export function createEngineCaches(): EngineCaches {
  const caches = {
    msgRetryCounterCache: new SharedTtlCache(60 * MINUTE),
    callOfferCache: new SharedTtlCache(5 * MINUTE),
    placeholderResendCache: new SharedTtlCache(60 * MINUTE),
    // Device lists are the same whoever asks, but a device notification is seen only by the
    // accounts that chat with that user; scoped like the rest so no account serves another a
    // list it never fetched itself.
    userDevicesCache: new SharedTtlCache(5 * MINUTE),
  };
  const all = Object.values(caches);
  return {
    forSession(scope) {
      const views = {
        msgRetryCounterCache: scopedCache(caches.msgRetryCounterCache, scope),
        callOfferCache: scopedCache(caches.callOfferCache, scope),
        placeholderResendCache: scopedCache(caches.placeholderResendCache, scope),
        userDevicesCache: scopedCache(caches.userDevicesCache, scope),
      };
      return {
        config: views,
        release: () => {
          for (const view of Object.values(views)) void view.flushAll();
        },
      };
    },
    close: () => {
      for (const cache of all) cache.close();
    },
  };
}
