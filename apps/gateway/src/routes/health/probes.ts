import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { RETRY_AFTER_SECONDS } from '../../plugins/app/error-handler.js';
import { withDeadline } from '../../services/backend-errors.js';
import { healthzSchema, readyzSchema } from './schema.js';

const PROBE_TIMEOUT_MS = 1_000;

/** Liveness, readiness (Redis and MongoDB answer within a second) and Prometheus metrics. */
export default async function probeRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/healthz', { schema: healthzSchema, config: { public: true } }, async () => ({
    ok: true as const,
  }));

  app.get('/readyz', { schema: readyzSchema, config: { public: true } }, async (_request, reply) => {
    // A failed or slow ping is the answer (down); the 503 below reports it, so nothing is logged.
    const [redisUp, mongoUp] = await Promise.all([
      withDeadline('redis', PROBE_TIMEOUT_MS, fastify.redis.ping()).then(
        () => true,
        () => false,
      ),
      withDeadline('mongodb', PROBE_TIMEOUT_MS, fastify.store.ping()).catch(() => false),
    ]);
    const redis = redisUp ? ('up' as const) : ('down' as const);
    const mongodb = mongoUp ? ('up' as const) : ('down' as const);
    if (redisUp && mongoUp) return { ok: true as const, redis, mongodb };
    reply.code(503).header('retry-after', String(RETRY_AFTER_SECONDS));
    return { ok: false as const, error: 'not ready', redis, mongodb };
  });

  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.type(fastify.metrics.registry.contentType);
    return fastify.metrics.registry.metrics();
  });
}
