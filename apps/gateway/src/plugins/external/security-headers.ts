import fastifyCors from '@fastify/cors';
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** Helmet's headers everywhere (the docs UI sets its own CSP); CORS only for configured origins. */
export default fp(
  async function securityHeaders(fastify: FastifyInstance, options: { corsOrigins: string[] }) {
    await fastify.register(fastifyHelmet, { global: true, contentSecurityPolicy: false });
    if (options.corsOrigins.length > 0) {
      await fastify.register(fastifyCors, {
        origin: options.corsOrigins,
        allowedHeaders: ['Content-Type', 'Authorization', 'X-API-Key', 'Idempotency-Key'],
      });
    }
  },
  { name: 'security-headers' },
);
