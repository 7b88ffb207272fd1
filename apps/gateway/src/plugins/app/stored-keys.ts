import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createStoredKeyResolver, type StoredKeyResolver } from '../../services/auth/stored-keys.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Hashed keys from /admin/keys; undefined when API_KEYS is empty (the API is then open). */
    storedKeys: StoredKeyResolver | undefined;
  }
}

/**
 * Adds the stored-key resolver after the API_KEYS one. Only with API_KEYS set: without admin keys
 * the gateway is open on loopback, and a stored key would switch authentication on by surprise.
 */
export default fp(
  async function storedKeys(fastify: FastifyInstance) {
    const { config, store } = fastify;
    if (config.API_KEYS.length === 0) {
      fastify.decorate('storedKeys', undefined);
      return;
    }
    const resolver = createStoredKeyResolver(store.apiKeys, config.API_KEY_CACHE_MS);
    fastify.addKeyResolver(resolver.resolve);
    fastify.decorate('storedKeys', resolver);
  },
  { name: 'stored-keys', dependencies: ['services', 'auth'] },
);
