import { hash, timingSafeEqual } from 'node:crypto';
import type { KeyResolver } from './principal.js';

// One-shot hash: a Hash object per request cost ≈ 2 % of the gateway's CPU on a send.
const digest = (value: string) => hash('sha256', value, 'buffer');

/**
 * The API_KEYS admin keys. Keys are compared as SHA-256 digests with timingSafeEqual, against
 * every key (no early exit), so neither the length nor the position of a key leaks through timing.
 */
export function createStaticKeyResolver(keys: readonly string[]): KeyResolver {
  const digests = keys.map((key, index) => ({ digest: digest(key), keyId: `env-${index}` }));
  return async (presented) => {
    const candidate = digest(presented);
    let match: string | undefined;
    for (const entry of digests) {
      if (timingSafeEqual(entry.digest, candidate) && match === undefined) match = entry.keyId;
    }
    return match === undefined ? undefined : { kind: 'admin', keyId: match };
  };
}

/** The first resolver that knows the key wins (env keys first, then stored keys). */
export function chainResolvers(resolvers: readonly KeyResolver[]): KeyResolver {
  return async (key) => {
    for (const resolve of resolvers) {
      const principal = await resolve(key);
      if (principal) return principal;
    }
    return undefined;
  };
}
