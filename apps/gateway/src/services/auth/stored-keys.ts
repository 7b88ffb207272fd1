import { type ApiKeysRepository, hashApiKey } from '@wildcat/store';
import type { KeyResolver, Principal } from './principal.js';

const MAX_CACHED = 10_000;

export interface StoredKeyResolver {
  resolve: KeyResolver;
  /** Drops this gateway's cached answers for a key id (a revocation takes effect at once). */
  forget(keyId: string): void;
  /** Drops the cached keys scoped to an account (deleted, and its keys with it). */
  forgetAccount(accountId: string): void;
}

/**
 * Keys created through /admin/keys, looked up by SHA-256 in MongoDB. Answers (misses too) are
 * cached for `cacheMs` so the hot path costs one hash and a Map lookup. A revocation reaches every
 * gateway at once by pub/sub (plugins/app/revocations.ts); `cacheMs` bounds a key's life on a
 * gateway that missed the message (its subscriber was reconnecting). Caching misses is safe because a new key is
 * random, so nobody can have presented it before it existed.
 */
export function createStoredKeyResolver(keys: ApiKeysRepository, cacheMs: number): StoredKeyResolver {
  const cache = new Map<string, { principal: Principal | undefined; until: number }>();
  // Bumped by every forget: a lookup that was in flight across a revocation may have read the
  // key before it was removed, so its answer serves that request only and is not cached.
  let revocations = 0;
  return {
    async resolve(key) {
      const hash = hashApiKey(key);
      const cached = cache.get(hash);
      if (cached && cached.until > Date.now()) return cached.principal;
      const seen = revocations;
      const doc = await keys.findByHash(hash);
      const keyId = doc?._id.toHexString() ?? '';
      const principal: Principal | undefined = !doc
        ? undefined
        : doc.accountId === null
          ? { kind: 'admin', keyId }
          : { kind: 'account', keyId, accountIds: [doc.accountId] };
      if (cacheMs > 0 && seen === revocations) {
        // Bounded: a flood of random keys clears the cache rather than growing it without end.
        if (cache.size >= MAX_CACHED) cache.clear();
        cache.set(hash, { principal, until: Date.now() + cacheMs });
      }
      return principal;
    },
    forget(keyId) {
      revocations++;
      for (const [hash, entry] of cache) {
        if (entry.principal && 'keyId' in entry.principal && entry.principal.keyId === keyId)
          cache.delete(hash);
      }
    },
    forgetAccount(accountId) {
      revocations++;
      for (const [hash, entry] of cache) {
        if (entry.principal?.kind === 'account' && entry.principal.accountIds.includes(accountId))
          cache.delete(hash);
      }
    },
  };
}
