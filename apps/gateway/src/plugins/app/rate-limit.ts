import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { HttpError } from '../../errors/http-error.js';

/** The key a request is counted under: its API key's id (every gateway derives the same one). */
function keyedPrincipal(request: FastifyRequest): string | undefined {
  const principal = request.principal;
  return principal && principal.kind !== 'anonymous' ? `key:${principal.keyId}` : undefined;
}

/**
 * Per-key rate limit, counted in Redis so every gateway replica shares one budget per key.
 * Runs after auth (route-level hooks follow the root auth hook), so it sees the principal;
 * requests without a key (public routes, an open gateway) are not limited.
 */
export default fp(
  async function rateLimit(fastify: FastifyInstance) {
    const { config, redis } = fastify;
    if (config.RATE_LIMIT_MAX === 0) return;
    await fastify.register(fastifyRateLimit, {
      global: true,
      max: config.RATE_LIMIT_MAX,
      timeWindow: config.RATE_LIMIT_WINDOW_MS,
      redis,
      nameSpace: 'wc:ratelimit:',
      // Redis down: let the request through; the route answers 503 itself if it needs Redis.
      skipOnError: true,
      allowList: (request) => keyedPrincipal(request) === undefined,
      keyGenerator: (request) => keyedPrincipal(request) ?? request.ip,
      // Retry-After and X-RateLimit-* are set by the plugin before this is thrown.
      errorResponseBuilder: (_request, context) =>
        new HttpError(429, `Rate limit exceeded, retry in ${context.after}`),
    });
  },
  { name: 'rate-limit', dependencies: ['services', 'auth'] },
);
