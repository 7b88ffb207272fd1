import {
  ACCESS_REVOKED_CHANNEL,
  type AccessRevocation,
  connectRedis,
  parseRevocation,
  publishRevocation,
  redisTarget,
} from '@wildcat/redis-bus';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { LiveStreams } from '../../services/live-events/live-streams.js';

/** Ids of keys stored through /admin/keys (API_KEYS keys are `env-<n>` and never revoked). */
const STORED_KEY_ID = /^[0-9a-f]{24}$/;

declare module 'fastify' {
  interface FastifyInstance {
    /** Open SSE/WebSocket streams by key, so a revocation can end them. */
    liveStreams: LiveStreams;
    /** Ends access on every gateway: key caches, account lookups and live streams. */
    revokeAccess(revocation: AccessRevocation): Promise<void>;
  }
}

/**
 * A revoked key or a deleted account is gone on every gateway at once: the gateway that made the
 * change applies it and publishes it; every gateway applies what it hears on the channel.
 */
export default fp(
  async function revocations(fastify: FastifyInstance) {
    const streams = new LiveStreams();
    const apply = (revocation: AccessRevocation) => {
      if ('keyId' in revocation) {
        fastify.storedKeys?.forget(revocation.keyId);
        streams.endKey(revocation.keyId);
        return;
      }
      fastify.storedKeys?.forgetAccount(revocation.accountId);
      fastify.accountDirectory.forget(revocation.accountId);
      streams.endAccount(revocation.accountId);
    };
    // A subscriber rides out Redis restarts (ioredis subscribes again on reconnect): blocking role.
    const subscriber = await connectRedis(redisTarget(fastify.config), 'blocking');
    subscriber.on('message', (_channel: string, text: string) => {
      const revocation = parseRevocation(text);
      if (revocation) apply(revocation);
    });
    await subscriber.subscribe(ACCESS_REVOKED_CHANNEL);

    fastify.decorate('liveStreams', streams);
    fastify.decorate('revokeAccess', async (revocation: AccessRevocation) => {
      apply(revocation);
      // Redis away: the change is in MongoDB already; other gateways' caches lapse within
      // API_KEY_CACHE_MS, and the stream sweep ends their streams within as long.
      await publishRevocation(fastify.redis, revocation).catch((error: unknown) =>
        fastify.log.warn({ err: error }, 'could not publish a revocation'),
      );
    });
    // A gateway that missed a message (its subscriber was reconnecting) still ends the streams of
    // a key that is gone, on the same clock as its key cache.
    const sweep = setInterval(
      () => void endStreamsOfRemovedKeys(),
      Math.max(1_000, fastify.config.API_KEY_CACHE_MS),
    );
    sweep.unref();
    async function endStreamsOfRemovedKeys(): Promise<void> {
      for (const keyId of streams.keyIds()) {
        if (!STORED_KEY_ID.test(keyId)) continue;
        const exists = await fastify.store.apiKeys.get(keyId).then(
          (doc) => doc !== null,
          () => true, // MongoDB away: keep the stream; the next sweep looks again
        );
        if (!exists) apply({ keyId });
      }
    }
    fastify.addHook('onClose', async () => {
      clearInterval(sweep);
      subscriber.disconnect();
    });
  },
  { name: 'revocations', dependencies: ['services', 'stored-keys'] },
);
